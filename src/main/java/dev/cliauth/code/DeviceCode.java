package dev.cliauth.code;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Device codes (RFC 8628 §3.2): 256 random bits, base64url. Only the SHA-256 of a code is stored,
 * so a leaked table cannot be used to poll.
 */
public final class DeviceCode {

    public static final int BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private DeviceCode() {
    }

    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    /** The storage key of a device code: base64url(SHA-256(code)). */
    public static String hash(String deviceCode) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(deviceCode.getBytes(StandardCharsets.UTF_8));
            return B64.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cheap shape check before any lookup: 43 base64url characters. */
    public static boolean wellFormed(String deviceCode) {
        if (deviceCode.length() != 43) {
            return false;
        }
        for (int i = 0; i < deviceCode.length(); i++) {
            char c = deviceCode.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
