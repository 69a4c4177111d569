package dev.cliauth.audit;

import dev.cliauth.web.VisibleText;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * One lifecycle event: who, what client, which scopes, from where, when. Never a secret: no code,
 * token, password or hash of one is ever put here.
 *
 * @param org       tenant
 * @param type      what happened
 * @param at        epoch ms
 * @param email     the account concerned (signed in, approving, refreshing), or the email typed at a failed sign-in
 * @param subject   the account's id, when known
 * @param clientId  the client concerned
 * @param scopes    the scopes concerned
 * @param sourceIp  where the request came from, as API Gateway saw it
 * @param userAgent the requester's user agent (unverified), cut to 200 characters; what a requester sent
 *                  (this and a typed email) is kept {@link VisibleText#safe}, so no event can rewrite an operator's screen
 * @param detail    one more fact from a fixed vocabulary (e.g. which limit, {@code found}), never input
 * @param login     which login it is about: the first 16 characters of its device code's SHA-256 (the grant's
 *                  key; no secret), so the events of one login can be put together
 * @param clientName the client's name as the user was shown it (page events, where the id is not at hand)
 * @param requesterIp    for an event about a device's request seen from the browser ("this wasn't me"): the
 *                       device's source IP, as the grant recorded it
 * @param requesterAgent the device's user agent (unverified), cut and kept safe like {@code userAgent}
 */
public record AuditEvent(String org, AuditEventType type, long at, @Nullable String email, @Nullable String subject,
                         @Nullable String clientId, List<String> scopes, @Nullable String sourceIp,
                         @Nullable String userAgent, @Nullable String detail, @Nullable String login,
                         @Nullable String clientName, @Nullable String requesterIp, @Nullable String requesterAgent) {

    public AuditEvent {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        userAgent = cut(userAgent);
        requesterAgent = cut(requesterAgent);
        email = VisibleText.safe(email == null || email.length() <= 254 ? email : email.substring(0, 254));
    }

    /** An event with no device request named. */
    public AuditEvent(String org, AuditEventType type, long at, @Nullable String email, @Nullable String subject,
                      @Nullable String clientId, List<String> scopes, @Nullable String sourceIp,
                      @Nullable String userAgent, @Nullable String detail, @Nullable String login,
                      @Nullable String clientName) {
        this(org, type, at, email, subject, clientId, scopes, sourceIp, userAgent, detail, login, clientName, null, null);
    }

    private static String cut(@Nullable String agent) {
        return VisibleText.safe(agent == null || agent.length() <= 200 ? agent : agent.substring(0, 200));
    }

    /** An event about a login of {@code clientId}, nobody signed in yet. */
    public static AuditEvent of(String org, AuditEventType type, long at, @Nullable String clientId, List<String> scopes,
                                @Nullable String sourceIp, @Nullable String userAgent) {
        return new AuditEvent(org, type, at, null, null, clientId, scopes, sourceIp, userAgent, null, null, null);
    }

    public AuditEvent by(@Nullable String email, @Nullable String subject) {
        return new AuditEvent(org, type, at, email, subject, clientId, scopes, sourceIp, userAgent, detail, login, clientName, requesterIp,
                requesterAgent);
    }

    public AuditEvent detail(@Nullable String fact) {
        return new AuditEvent(org, type, at, email, subject, clientId, scopes, sourceIp, userAgent, fact, login, clientName, requesterIp,
                requesterAgent);
    }

    /** About the login whose grant key (device code hash) is {@code deviceCodeHash}. */
    public AuditEvent login(String deviceCodeHash) {
        String ref = deviceCodeHash.length() > 16 ? deviceCodeHash.substring(0, 16) : deviceCodeHash;
        return new AuditEvent(org, type, at, email, subject, clientId, scopes, sourceIp, userAgent, detail, ref, clientName, requesterIp,
                requesterAgent);
    }

    public AuditEvent clientName(@Nullable String name) {
        return new AuditEvent(org, type, at, email, subject, clientId, scopes, sourceIp, userAgent, detail, login, name, requesterIp,
                requesterAgent);
    }

    /** About the device request made from {@code ip} with {@code agent} (as its grant recorded them). */
    public AuditEvent requester(@Nullable String ip, @Nullable String agent) {
        return new AuditEvent(org, type, at, email, subject, clientId, scopes, sourceIp, userAgent, detail, login, clientName,
                ip, agent);
    }
}
