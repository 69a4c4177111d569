package dev.cliauth.device;

import dev.cliauth.audit.AuditEvent;
import dev.cliauth.audit.AuditEventType;
import dev.cliauth.audit.AuditTrail;
import dev.cliauth.client.Client;
import dev.cliauth.org.Org;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.config.DeviceSettings;
import dev.cliauth.config.LimitSettings;
import dev.cliauth.grant.DeviceGrant;
import dev.cliauth.grant.GrantRepository;
import dev.cliauth.grant.GrantStatus;
import dev.cliauth.config.Functions;
import dev.cliauth.protocol.DependencyFailure;
import dev.cliauth.protocol.OAuthError;
import dev.cliauth.protocol.OAuthException;
import dev.cliauth.store.Counters;
import dev.cliauth.store.Counters.Counter;
import dev.cliauth.web.SourceAddress;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Issues a device grant (RFC 8628 §3.2): checks scopes against the client, draws a device code and
 * a user code, and stores the pending grant. A user code that belongs to another live grant is
 * drawn again, so no two live grants share one.
 */
@Singleton
@Requires(env = Functions.DEVICE_AUTHORIZATION)
public class DeviceAuthorizationService {

    static final int MAX_DRAWS = 5;

    private final GrantRepository grants;
    private final DeviceSettings settings;
    private final LimitSettings limits;
    private final Counters counters;
    private final AuditTrail audit;
    private final SecureRandom random;
    private final Clock clock;
    private final UserCodeFormat deploymentFormat;

    public DeviceAuthorizationService(GrantRepository grants, DeviceSettings settings, LimitSettings limits,
                                      Counters counters, AuditTrail audit, SecureRandom random, Clock clock) {
        this.counters = counters;
        this.audit = audit;
        this.grants = grants;
        this.settings = settings;
        this.limits = limits;
        this.random = random;
        this.clock = clock;
        this.deploymentFormat = settings.format();
    }

    /** What the device is told. */
    public record Issued(String deviceCode, String displayUserCode, long expiresIn, int interval) {
        @Override
        public String toString() {
            return "Issued[user_code=" + displayUserCode + "]";
        }
    }

    /**
     * Issues a code for {@code client} of {@code org}. Lifetime, interval and user-code format: the
     * client's own, else the org's defaults, else the deployment's ({@code cliauth.device.*}).
     */
    public Issued issue(Client client, Org org, List<String> scopes, String sourceIp, String userAgent) {
        for (String scope : scopes) {
            if (!client.scopes().contains(scope)) {
                throw OAuthError.invalidScope("The client may not request scope '" + scope + "'.").toException();
            }
        }
        Duration ttl = client.codeTtl() != null ? client.codeTtl() : org.codeTtl() != null ? org.codeTtl() : settings.codeTtl();
        Duration interval = client.interval() != null ? client.interval()
                : org.interval() != null ? org.interval() : settings.interval();
        int intervalSeconds = (int) Math.max(1, interval.toSeconds());
        // The jitter allowance never takes more than half the interval, so slow_down works at every
        // interval, 1 s included (a 1 s allowance would otherwise leave no gap at all).
        long gap = Math.max(intervalSeconds * 1000L - settings.pollSlack().toMillis(), intervalSeconds * 500L);
        UserCodeFormat format = client.userCodeFormat() != null ? client.userCodeFormat()
                : org.userCodeFormat() != null ? org.userCodeFormat() : deploymentFormat;
        for (int draw = 0; draw < MAX_DRAWS; draw++) {
            long now = clock.millis();
            String deviceCode = DeviceCode.generate(random);
            String userCode = format.generate(random);     // as shown: the index and reservation key its normal form
            DeviceGrant grant = new DeviceGrant(DeviceCode.hash(deviceCode), client.org(), userCode,
                    client.clientId(), client.name(), scopes, GrantStatus.PENDING, now, now + ttl.toMillis(),
                    intervalSeconds, gap, now, 0, pollBudget(ttl, gap), sourceIp, userAgent, null, null, null, 0,
                    client.thirdParty());
            Counter perSource = new Counter(org.id(), "deviceauth#source#" + SourceAddress.key(sourceIp),
                    limits.sourceDeviceAuthorizationsPerWindow(),
                    LimitSettings.DEVICE_AUTHORIZATION_WINDOW_MILLIS);
            AuditEvent event = AuditEvent.of(org.id(), AuditEventType.DEVICE_AUTHORIZED, now, client.clientId(), scopes,
                    sourceIp, userAgent).login(grant.deviceCodeHash());
            switch (grants.create(grant, now, counters.takeWrite(perSource, now), audit.put(event))) {
                case CREATED -> {
                    audit.logged(event);
                    return new Issued(deviceCode, userCode, ttl.toSeconds(), intervalSeconds);
                }
                case LIMITED -> {
                    audit.record(AuditEvent.of(org.id(), AuditEventType.LIMIT_HIT, now, client.clientId(), scopes,
                            sourceIp, userAgent).detail("device authorizations per source"));
                    long wait = perSource.untilWindowEnds(now);
                    throw new OAuthException(new OAuthError(OAuthError.SLOW_DOWN,
                            "Too many device authorizations from this source; wait before starting another.", 429, null),
                            (int) Math.max(1, (wait + 999) / 1000));
                }
                case CODE_TAKEN -> {
                    // drawn again
                }
            }
        }
        throw new DependencyFailure("no free user code after " + MAX_DRAWS + " draws", null);
    }

    /**
     * Polls a code allows (RFC 8628 §5.2): as many as a client honouring the interval can make in
     * the code's lifetime, plus slack; slow_down answers count too.
     */
    long pollBudget(Duration ttl, long gapMillis) {
        return (ttl.toMillis() + Math.max(gapMillis, 500) - 1) / Math.max(gapMillis, 500) + limits.pollSlack();
    }
}
