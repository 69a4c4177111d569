package dev.cliauth.verification;

import dev.cliauth.account.Account;
import io.micronaut.core.annotation.Nullable;

/**
 * One browser during one request: the CSRF nonce it presented (if valid), the nonce its forms are
 * bound to, its signed-in session, and which of them are new and must be set as cookies.
 *
 * @param presentedNonce the nonce cookie the browser sent, when well formed
 * @param nonce          the nonce this response's forms are bound to
 * @param session        the signed-in session, if any
 * @param nonceIsNew     whether {@code nonce} must be set as a cookie
 * @param sessionIsNew   whether {@code session} must be set as a cookie
 * @param secure         whether cookies are {@code Secure} with the {@code __Host-} prefix
 * @param org            the org whose pages the browser is on; its cookies, keys and accounts
 * @param account        the signed-in account as read for this request (null when signed out)
 * @param sessionEnded   whether the browser's session cookie must be cleared (signed out, or no longer valid)
 * @param lang           its reader's language and zone
 */
public record Browser(@Nullable String presentedNonce, String nonce, @Nullable Session session, boolean nonceIsNew,
                      boolean sessionIsNew, boolean secure, String org, @Nullable Account account, boolean sessionEnded,
                      Lang lang) {

    /** A browser read in English. */
    public Browser(@Nullable String presentedNonce, String nonce, @Nullable Session session, boolean nonceIsNew,
                   boolean sessionIsNew, boolean secure, String org, @Nullable Account account, boolean sessionEnded) {
        this(presentedNonce, nonce, session, nonceIsNew, sessionIsNew, secure, org, account, sessionEnded, Lang.ENGLISH);
    }

    /** After sign-in: the new session, and a new nonce so nothing learned before is valid after. */
    public Browser signedIn(Session fresh, Account of, String freshNonce) {
        return new Browser(presentedNonce, freshNonce, fresh, true, true, secure, org, of, false, lang);
    }

    /** After sign-out: no session, its cookie cleared, and a new nonce. */
    public Browser signedOut(String freshNonce) {
        return new Browser(presentedNonce, freshNonce, null, true, false, secure, org, null, true, lang);
    }

    /** After re-entering the password: the session's new auth time goes into its cookie. */
    public Browser reauthenticated(long at) {
        return new Browser(presentedNonce, nonce, session.withAuthTime(at), nonceIsNew, true, secure, org, account, false, lang);
    }

    /** The browser as the per-session limit sees it: its session, or before sign-in its nonce. */
    public String limitKey() {
        return session != null ? "s:" + session.id() : "n:" + nonce;
    }

    @Override
    public String toString() {
        return "Browser[org=" + org + ", signedIn=" + (session != null) + "]";
    }
}
