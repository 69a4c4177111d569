package dev.cliauth.verification;

/**
 * A signed-in browser. The cookie carries it signed; the account item's {@code sessions} map says
 * whether it still exists and when its user last entered the password ({@link Browsers#of}).
 *
 * @param id        random session id; CSRF tokens are bound to it
 * @param subject   account id
 * @param email     account email
 * @param name      account display name
 * @param expiresAt epoch ms
 * @param authTime  epoch ms of the sign-in, or of the last re-authentication ({@code auth_time})
 */
public record Session(String id, String subject, String email, String name, long expiresAt, long authTime) {

    public Session withAuthTime(long at) {
        return new Session(id, subject, email, name, expiresAt, at);
    }

    @Override
    public String toString() {
        return "Session[subject=" + subject + "]";
    }
}
