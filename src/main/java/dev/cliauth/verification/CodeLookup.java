package dev.cliauth.verification;

import dev.cliauth.audit.AuditEvent;
import dev.cliauth.audit.AuditEventType;
import dev.cliauth.audit.AuditTrail;
import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.config.Functions;
import dev.cliauth.grant.GrantRepository;
import dev.cliauth.grant.GrantStatus;
import dev.cliauth.grant.IndexedGrant;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.upstream.UpstreamConfig;
import dev.cliauth.web.VisibleText;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Finds the grant a signed-in user typed the code of (RFC 8628 §3.3) and makes its confirmation
 * page, or the page that says why there is none. Every lookup first takes an attempt from the
 * code-entry limits ({@link CodeEntryLimiter}); a found code gives it back.
 */
@Singleton
@Requires(env = Functions.VERIFICATION)
public class CodeLookup {

    private final GrantRepository grants;
    private final CodeEntryLimiter limiter;
    private final BrowserState state;
    private final Browsers browsers;
    private final Clock clock;
    private final AuditTrail audit;

    public CodeLookup(GrantRepository grants, CodeEntryLimiter limiter, BrowserState state, Browsers browsers, Clock clock,
                      AuditTrail audit) {
        this.audit = audit;
        this.grants = grants;
        this.limiter = limiter;
        this.state = state;
        this.browsers = browsers;
        this.clock = clock;
    }

    /** The code a form carries, in normal form, or empty when it cannot be one of any allowed format. */
    public static Optional<UserCodeFormat.Typed> typed(FormParameters form) {
        return UserCodeFormat.typed(form.get("user_code").orElse(""));
    }

    /** The confirmation page for {@code code} typed by a signed-in {@code browser}. */
    public Page confirmation(Browser browser, UserCodeFormat.Typed code, String sourceIp) {
        long now = clock.millis();
        Session session = browser.session();
        AuditEvent entered = AuditEvent.of(browser.org(), AuditEventType.CODE_ENTERED, now, null, List.of(), sourceIp, null)
                .by(session.email(), session.subject());
        Limited taken = limiter.take(browser.org(), sourceIp, browser.limitKey(), session.subject(), code, now);
        if (taken instanceof Limited.Refused refused) {
            audit.record(new AuditEvent(entered.org(), AuditEventType.LIMIT_HIT, now, entered.email(), entered.subject(),
                    null, List.of(), sourceIp, null, "code entries", null, null));
            return Pages.tooManyAttempts(refused.retryAfterMillis());
        }
        List<IndexedGrant> found = grants.findByUserCode(browser.org(), code.normal());
        List<IndexedGrant> live = found.stream()
                .filter(g -> g.status() == GrantStatus.PENDING && !g.expiredAt(now))
                .toList();
        if (live.size() > 1) {
            audit.record(entered.detail("ambiguous"));
            return Pages.ambiguous();
        }
        if (live.isEmpty()) {
            boolean expired = found.stream().anyMatch(g -> g.status() == GrantStatus.PENDING && g.expiredAt(now));
            audit.record(entered.detail(expired ? "expired" : "unknown"));
            return expired ? Pages.expired() : Pages.unknown();
        }
        IndexedGrant grant = live.get(0);
        AuditEvent enteredFound = new AuditEvent(entered.org(), AuditEventType.CODE_ENTERED, now, entered.email(),
                entered.subject(), null, grant.scopes(), sourceIp, null, "found", null, VisibleText.safe(grant.clientName()))
                .login(grant.deviceCodeHash());
        audit.logged(enteredFound);
        limiter.succeeded((Limited.Taken) taken, audit.put(enteredFound));     // the item rides on the give-back
        boolean reauth = browsers.reauthNeeded(browser);
        UpstreamConfig company = reauth && browser.account() != null && browser.account().companyAccount()
                ? browsers.companySignIn(browser.org()).orElse(null) : null;
        return Pages.confirm(browsers.csrf(browser),
                state.grantSignature(grant.deviceCodeHash(), grant.org(), VisibleText.safe(grant.clientName()), session.id()),
                grant, session, now, reauth, company == null ? null : company.displayName())
                .postingTo(company == null ? null : company.authorizationOrigin());
    }
}
