package dev.cliauth.account;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashes. Verification of an unknown account still runs one bcrypt check against
 * a fixed hash, so response time does not reveal which emails exist.
 */
public final class Passwords {

    /** bcrypt reads at most 72 bytes; longer input is refused rather than silently truncated. */
    public static final int MAX_BYTES = 72;
    /** The bcrypt cost new hashes are made with. */
    public static final int COST = 10;
    private static final String UNKNOWN_ACCOUNT_HASH = "$2a$10$7EqJtq98hPqEX7fNZaFWoOa6fGbSSn5lfMzu28c0Y5s6oC0a9z0Sm";

    private Passwords() {
    }

    public static String hash(String password, int cost) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public static boolean verify(String password, String hash) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES || hash.isEmpty()) {
            BCrypt.verifyer().verify(new byte[]{'x'}, UNKNOWN_ACCOUNT_HASH.getBytes(StandardCharsets.US_ASCII));
            return false;
        }
        return BCrypt.verifyer().verify(bytes, hash.getBytes(StandardCharsets.US_ASCII)).verified;
    }

    /** Spends the time of one verification without an account, to keep timing uniform. */
    public static void verifyNothing(String password) {
        verify(password, UNKNOWN_ACCOUNT_HASH);
    }
}
