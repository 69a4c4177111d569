package dev.cliauth.code;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * How user codes look (RFC 8628 §6.1): alphabet, length and grouping. The default is 8 characters
 * of {@code BCDFGHJKLMNPQRSTVWXZ} (no vowels, so no words; no look-alikes) shown as
 * {@code XXXX-XXXX}: 20^8 ≈ 2^34.6 codes.
 *
 * @param alphabet characters codes are drawn from
 * @param length   characters per code
 * @param group    characters per dash-separated group when shown
 */
public record UserCodeFormat(String alphabet, int length, int group) {

    public static final String BASE20 = "BCDFGHJKLMNPQRSTVWXZ";
    public static final String DIGITS = "0123456789";
    /** The least entropy a format may have, in bits. */
    public static final double MIN_ENTROPY_BITS = 29.0;
    public static final UserCodeFormat DEFAULT = new UserCodeFormat(BASE20, 8, 4);

    public UserCodeFormat {
        if (alphabet.length() < 10 || alphabet.chars().distinct().count() != alphabet.length()) {
            throw new IllegalArgumentException("user code alphabet needs 10 or more distinct characters");
        }
        if (length < 6 || length > 16 || group < 1) {
            throw new IllegalArgumentException("user code length must be 6..16 and group ≥ 1");
        }
        double bits = length * Math.log(alphabet.length()) / Math.log(2);
        if (bits < MIN_ENTROPY_BITS) {
            throw new IllegalArgumentException("user code format has " + Math.round(bits) + " bits; at least "
                    + MIN_ENTROPY_BITS + " needed");
        }
    }

    public static UserCodeFormat named(String alphabetName, int length, int group) {
        return switch (alphabetName) {
            case "base20" -> new UserCodeFormat(BASE20, length, group);
            case "digits" -> new UserCodeFormat(DIGITS, length, group);
            default -> throw new IllegalArgumentException("unknown user code alphabet " + alphabetName);
        };
    }

    public double entropyBits() {
        return length * Math.log(alphabet.length()) / Math.log(2);
    }

    /**
     * A new code in normal form (no dashes). {@link SecureRandom#nextInt(int)} rejects samples
     * outside the largest multiple of the bound, so every character is uniform: no modulo bias.
     */
    public String generate(SecureRandom random) {
        char[] code = new char[length];
        for (int i = 0; i < length; i++) {
            code[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(code);
    }

    /** The code as shown to people: {@code BCDF-GHJK}. */
    public String display(String normal) {
        StringBuilder out = new StringBuilder(normal.length() + normal.length() / group);
        for (int i = 0; i < normal.length(); i++) {
            if (i > 0 && i % group == 0) {
                out.append('-');
            }
            out.append(normal.charAt(i));
        }
        return out.toString();
    }

    /**
     * What the user typed, in normal form: case, spaces, dashes and other punctuation ignored.
     * Empty when what remains cannot be a code of this format.
     */
    public Optional<String> normalise(String typed) {
        if (typed.length() > 64) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < typed.length(); i++) {
            char c = Character.toUpperCase(typed.charAt(i));
            if (alphabet.indexOf(c) >= 0) {
                out.append(c);
            } else if (Character.isLetterOrDigit(c)) {
                return Optional.empty();
            }
        }
        return out.length() == length ? Optional.of(out.toString()) : Optional.empty();
    }
}
