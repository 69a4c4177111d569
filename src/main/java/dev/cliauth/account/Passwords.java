package dev.cliauth.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * bcrypt password hashes, and a check whose failures all cost the same work. A bcrypt check costs
 * 2^cost rounds, so a failed check against a stored hash of cost {@code c} is followed by dummy
 * checks at the same cost until it has done the work of one check at {@link #MAX_COST}; an unknown
 * account, an unusable hash and an over-long password do one dummy check at {@code MAX_COST}.
 * Wrong passwords, unknown emails and disabled accounts therefore take the same time whatever
 * cost the stored hash has (deterministic work, not a sleep that load could outrun).
 */
public final class Passwords {

    /** bcrypt reads at most 72 bytes; longer input is refused rather than silently truncated. */
    public static final int MAX_BYTES = 72;
    /** The bcrypt cost new hashes are made with. */
    public static final int COST = 10;
    /**
     * The highest cost a stored hash may have: every failed check does this much work. A hash of a
     * higher cost (never written by cliauth) cannot be signed in with; set a new password.
     */
    public static final int MAX_COST = COST + 1;
    private static final int MIN_COST = 4;
    /** Dummy hashes, one per cost, of a fixed password with a fixed salt: no secret, and no randomness at init. */
    private static final ConcurrentHashMap<Integer, byte[]> DUMMIES = new ConcurrentHashMap<>();

    private Passwords() {
    }

    public static String hash(String password, int cost) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    /**
     * Whether {@code password} matches {@code hash} (null: no such account) and the account is
     * {@code usable} (not disabled). A failure, whatever its reason, right password of a disabled
     * account included, has done the work of one check at {@link #MAX_COST}; a success only its own.
     */
    public static boolean check(String password, @Nullable String hash, boolean usable) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        int cost = hash == null ? -1 : costOf(hash);
        if (cost < MIN_COST || cost > MAX_COST || bytes.length > MAX_BYTES) {
            dummy(MAX_COST);
            return false;
        }
        boolean ok;
        try {
            ok = BCrypt.verifyer().verify(bytes, hash.getBytes(StandardCharsets.US_ASCII)).verified;
        } catch (IllegalArgumentException malformed) {
            ok = false;
        }
        if (!ok || !usable) {
            for (int i = 1; i < 1 << (MAX_COST - cost); i++) {
                dummy(cost);
            }
        }
        return ok && usable;
    }

    /** The cost of a {@code $2a$10$...} hash, or -1 when it is not one. */
    static int costOf(String hash) {
        if (hash.length() != 60 || hash.charAt(0) != '$' || hash.charAt(3) != '$' || hash.charAt(6) != '$'
                || !Character.isDigit(hash.charAt(4)) || !Character.isDigit(hash.charAt(5))) {
            return -1;
        }
        return (hash.charAt(4) - '0') * 10 + (hash.charAt(5) - '0');
    }

    private static void dummy(int cost) {
        byte[] hash = DUMMIES.computeIfAbsent(cost, c -> BCrypt.withDefaults()
                .hash(c, "cliauth-dummy-16".getBytes(StandardCharsets.US_ASCII), "no account".getBytes(StandardCharsets.US_ASCII)));
        BCrypt.verifyer().verify("x".getBytes(StandardCharsets.US_ASCII), hash);
    }
}
