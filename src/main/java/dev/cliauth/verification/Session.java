package dev.cliauth.verification;

/**
 * A signed-in browser.
 *
 * @param id        random session id; CSRF tokens are bound to it
 * @param subject   account id
 * @param email     account email
 * @param name      account display name
 * @param expiresAt epoch ms
 */
public record Session(String id, String subject, String email, String name, long expiresAt) {

    @Override
    public String toString() {
        return "Session[subject=" + subject + "]";
    }
}
