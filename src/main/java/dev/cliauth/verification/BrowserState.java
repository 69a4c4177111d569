package dev.cliauth.verification;

import dev.cliauth.config.PageSettings;
import dev.cliauth.config.Functions;
import dev.cliauth.org.OrgId;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed browser state: the session cookie (HMAC-SHA256 over its fields, with an expiry; whether
 * the session still exists is the account's to say, {@link Browsers#of}) and the
 * CSRF token of a form, an HMAC over the browser's CSRF nonce cookie and the session id. A token
 * is valid only with the cookies of the browser it was rendered for. Each org signs with its own
 * key ({@link SessionKey}) and its name in the signed text, so nothing signed for one org's pages
 * is valid on another's.
 */
@Singleton
@Requires(env = {Functions.VERIFICATION, Functions.PORTAL})
public class BrowserState {

    /**
     * The cookie names of a deployment. The {@code __Host-} prefix (RFC 6265bis §4.1.3.2) makes
     * browsers accept them only from this host, Secure, with {@code Path=/} and no {@code Domain}:
     * a sibling subdomain cannot plant its own session (login CSRF) or shadow the CSRF nonce.
     */
    public static final String SESSION_COOKIE = "__Host-cliauth_session";
    public static final String CSRF_COOKIE = "__Host-cliauth_csrf";

    /**
     * The name of {@code cookie} over plain HTTP (local mode on localhost), where a browser refuses
     * {@code __Host-} cookies because they cannot be Secure there.
     */
    public static String name(String cookie, boolean secure) {
        return secure ? cookie : cookie.substring("__Host-".length());
    }

    /**
     * The name of {@code cookie} for the pages of {@code org}: each org's browser state has cookies
     * of its own ({@code __Host-cliauth_session-acme}), so signing in to one org neither signs in to
     * nor signs out of another.
     */
    public static String name(String cookie, boolean secure, String org) {
        return name(cookie, secure) + (OrgId.DEFAULT.equals(org) ? "" : "-" + org);
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SessionKey key;
    private final PageSettings settings;
    private final SecureRandom random;
    private final Clock clock;

    public BrowserState(SessionKey key, PageSettings settings, SecureRandom random, Clock clock) {
        this.key = key;
        this.settings = settings;
        this.random = random;
        this.clock = clock;
    }

    public String newNonce() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    /** A new session for an account that has just entered its password. */
    public Session newSession(String subject, String email, String name) {
        long now = clock.millis();
        return new Session(newNonce(), subject, email, name, now + settings.sessionTtl().toMillis(), now);
    }

    /** The cookie value of a session with {@code org}'s pages, signed with that org's key. */
    public String encode(String org, Session s) {
        String payload = String.join(".", "v2", s.id(), Long.toString(s.expiresAt()), Long.toString(s.authTime()),
                b64(s.subject()), b64(s.email()), b64(s.name()));
        return payload + "." + B64.encodeToString(hmac(org, "session:" + org + ":" + payload));
    }

    /** The session in a cookie value of {@code org}'s pages, if its signature holds and it has not expired. */
    public Optional<Session> decode(String org, @Nullable String cookie) {
        if (cookie == null || cookie.length() > 2048) {
            return Optional.empty();
        }
        int lastDot = cookie.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        String payload = cookie.substring(0, lastDot);
        byte[] signature;
        try {
            signature = B64D.decode(cookie.substring(lastDot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!signedByAKeyOf(org, "session:" + org + ":" + payload, signature)) {
            return Optional.empty();
        }
        String[] f = payload.split("\\.", -1);
        if (f.length != 7 || !"v2".equals(f[0])) {
            return Optional.empty();
        }
        try {
            long expiresAt = Long.parseLong(f[2]);
            if (expiresAt <= clock.millis()) {
                return Optional.empty();
            }
            return Optional.of(new Session(f[1], unb64(f[4]), unb64(f[5]), unb64(f[6]), expiresAt, Long.parseLong(f[3])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The CSRF token for forms of {@code org}'s pages rendered to the browser holding {@code nonce}
     * and session {@code sessionId}.
     */
    public String csrfToken(String org, String nonce, @Nullable String sessionId) {
        return B64.encodeToString(hmac(org, "csrf:" + org + ":" + nonce + ":" + (sessionId == null ? "" : sessionId)));
    }

    public boolean csrfValid(String org, @Nullable String token, @Nullable String nonce, @Nullable String sessionId) {
        if (token == null || nonce == null || token.length() > 100) {
            return false;
        }
        return signedByAKeyOf(org, "csrf:" + org + ":" + nonce + ":" + (sessionId == null ? "" : sessionId), decoded(token));
    }

    /**
     * Signs a reference to a grant for the confirmation form, bound to the session it was shown
     * to: the decision needs no lookup (so it is no code-guessing oracle) and cannot be replayed by
     * another browser.
     */
    public String grantSignature(String deviceCodeHash, String org, String clientName, String sessionId) {
        return B64.encodeToString(hmac(org, "grant:" + deviceCodeHash + ":" + org + ":" + b64(clientName) + ":" + sessionId));
    }

    public boolean grantSignatureValid(@Nullable String signature, String deviceCodeHash, String org, String clientName,
                                       String sessionId) {
        if (signature == null || signature.length() > 100) {
            return false;
        }
        return signedByAKeyOf(org, "grant:" + deviceCodeHash + ":" + org + ":" + b64(clientName) + ":" + sessionId,
                decoded(signature));
    }

    /** Signs a kept page ({@link PageViews}) for the browser holding {@code nonce}, at view {@code viewId}. */
    public String viewSignature(String org, String nonce, String viewId, String payload) {
        return B64.encodeToString(hmac(org, "view:" + org + ":" + nonce + ":" + viewId + ":" + payload));
    }

    public boolean viewSignatureValid(String org, String nonce, String viewId, String payload, String signature) {
        return signature.length() <= 100 && signedByAKeyOf(org, "view:" + org + ":" + nonce + ":" + viewId + ":" + payload,
                decoded(signature));
    }

    /** Signs with the org's current key. */
    private byte[] hmac(String org, String data) {
        return hmac(key.get(org), data);
    }

    /** Whether {@code signature} is the HMAC of {@code data} under the org's current or previous key (SessionKey rotation). */
    private boolean signedByAKeyOf(String org, String data, byte[] signature) {
        if (signature.length == 0) {
            return false;
        }
        boolean valid = false;
        for (byte[] k : key.verifying(org)) {
            valid |= MessageDigest.isEqual(signature, hmac(k, data));
        }
        return valid;
    }

    private static byte[] decoded(String b64url) {
        try {
            return B64D.decode(b64url);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] hmac(byte[] k, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(k, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(B64D.decode(s), StandardCharsets.UTF_8);
    }
}
