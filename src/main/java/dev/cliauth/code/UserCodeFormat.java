package dev.cliauth.code;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * How user codes look (RFC 8628 §6.1): alphabet, length and grouping. The default is 8 characters
 * of {@code BCDFGHJKLMNPQRSTVWXZ} (no vowels, so no words; no look-alikes) shown as
 * {@code XXXX-XXXX}: 20^8 ≈ 2^34.6 codes. Every format has at least {@link #MIN_ENTROPY_BITS}.
 * Written as {@code alphabet:length:group} in settings ({@code base20:8:4}, {@code digits:10:5}).
 *
 * @param alphabet characters codes are drawn from
 * @param length   characters per code
 * @param group    characters per dash-separated group when shown ({@code length}: no dash)
 */
public record UserCodeFormat(Alphabet alphabet, int length, int group) {

    /**
     * The least entropy a format may have, in bits: 2^33 codes, so that with the default 1,000
     * live codes even the weakest format leaves a source a few failed entries a day under the
     * 2^-20 bound (README, "Brute-force limits").
     */
    public static final double MIN_ENTROPY_BITS = 33.0;
    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 16;
    public static final UserCodeFormat DEFAULT = new UserCodeFormat(Alphabet.BASE20, 8, 4);

    /** The alphabets a code may be drawn from, smallest first. */
    public enum Alphabet {
        /** Digits only, for keypads and phones. */
        DIGITS("digits", "0123456789"),
        /** Consonants without look-alikes: no vowels (no words), none of I, O, U. */
        BASE20("base20", "BCDFGHJKLMNPQRSTVWXZ"),
        /** Letters and digits without look-alikes: no vowels, no 0/O, 1/I/L, U/V kept apart. */
        ALNUM("alnum", "23456789BCDFGHJKMNPQRSTVWXYZ");

        private final String id;
        private final String chars;

        Alphabet(String id, String chars) {
            this.id = id;
            this.chars = chars;
        }

        public String id() {
            return id;
        }

        public String chars() {
            return chars;
        }

        public int size() {
            return chars.length();
        }

        boolean containsAll(CharSequence code) {
            return code.chars().allMatch(c -> chars.indexOf(c) >= 0);
        }

        static Alphabet named(String id) {
            for (Alphabet a : values()) {
                if (a.id.equals(id)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown user-code alphabet '" + id + "' (base20, digits or alnum)");
        }
    }

    public UserCodeFormat {
        if (alphabet == null) {
            throw new IllegalArgumentException("user-code alphabet missing");
        }
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("user-code length must be " + MIN_LENGTH + ".." + MAX_LENGTH
                    + ", got " + length);
        }
        if (group < 2 || group > length) {
            throw new IllegalArgumentException("user-code group must be 2.." + length + " (the length: no dash), got " + group);
        }
        double bits = bits(alphabet, length);
        if (bits < MIN_ENTROPY_BITS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "user-code format %s:%d has %.1f bits of entropy; at least %.0f needed (use more characters)",
                    alphabet.id, length, bits, MIN_ENTROPY_BITS));
        }
    }

    /** The format written as {@code alphabet:length:group}, e.g. {@code digits:10:5}. */
    public static UserCodeFormat parse(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("user-code format must be alphabet:length:group, e.g. base20:8:4");
        }
        try {
            return new UserCodeFormat(Alphabet.named(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("user-code length and group must be whole numbers, e.g. base20:8:4");
        }
    }

    /**
     * The format a stored client or org names, or null when it names none. A malformed or too weak
     * one (never written by the admin tool, which checks it) is also null: the next level's format
     * applies, which meets the floor, rather than failing every login.
     */
    public static UserCodeFormat stored(String spec) {
        if (spec == null || spec.isEmpty()) {
            return null;
        }
        try {
            return parse(spec);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String spec() {
        return alphabet.id + ":" + length + ":" + group;
    }

    /** Number of possible codes. */
    public double codeSpace() {
        return Math.pow(alphabet.size(), length);
    }

    public double entropyBits() {
        return bits(alphabet, length);
    }

    private static double bits(Alphabet alphabet, int length) {
        return length * Math.log(alphabet.size()) / Math.log(2);
    }

    /**
     * A new code as shown ({@code BCDF-GHJK}). {@link SecureRandom#nextInt(int)} rejects samples
     * outside the largest multiple of the bound, so every character is uniform: no modulo bias.
     */
    public String generate(SecureRandom random) {
        char[] code = new char[length];
        for (int i = 0; i < length; i++) {
            code[i] = alphabet.chars.charAt(random.nextInt(alphabet.size()));
        }
        return display(new String(code));
    }

    /** {@code normal} grouped with dashes as people are shown it: {@code BCDF-GHJK}. */
    String display(String normal) {
        StringBuilder out = new StringBuilder(normal.length() + normal.length() / group);
        for (int i = 0; i < normal.length(); i++) {
            if (i > 0 && i % group == 0) {
                out.append('-');
            }
            out.append(normal.charAt(i));
        }
        return out.toString();
    }

    /** The normal form of a code as shown: its characters without the dashes. */
    public static String normal(String shown) {
        return shown.replace("-", "");
    }

    /**
     * A code someone typed, in normal form, with the number of codes of the weakest format it
     * could belong to: what one failed guess of it is worth to a guesser (README, "Brute-force
     * limits").
     *
     * @param normal    upper case, no dashes, spaces or punctuation
     * @param shown     the same grouped as it was typed: one dash wherever the input separated characters
     * @param codeSpace codes in the smallest-space allowed format whose alphabet holds every character
     */
    public record Typed(String normal, String shown, double codeSpace) {
    }

    /**
     * What someone typed, in normal form: case, spaces, dashes and other punctuation ignored.
     * Empty when what remains cannot be a code of any allowed format (no alphabet holds all its
     * characters, or no format of its length reaches the entropy floor).
     */
    public static Optional<Typed> typed(String input) {
        if (input.length() > 64) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(MAX_LENGTH);
        StringBuilder shown = new StringBuilder(2 * MAX_LENGTH);
        boolean separated = false;
        for (int i = 0; i < input.length(); i++) {
            char c = Character.toUpperCase(input.charAt(i));
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                if (out.length() == MAX_LENGTH) {
                    return Optional.empty();
                }
                if (separated && out.length() > 0) {
                    shown.append('-');
                }
                separated = false;
                out.append(c);
                shown.append(c);
            } else if (Character.isLetterOrDigit(c)) {
                return Optional.empty();
            } else {
                separated = true;
            }
        }
        for (Alphabet a : Alphabet.values()) {     // smallest first: the weakest format it could be
            if (a.containsAll(out) && out.length() >= MIN_LENGTH && bits(a, out.length()) >= MIN_ENTROPY_BITS) {
                return Optional.of(new Typed(out.toString(), shown.toString(), Math.pow(a.size(), out.length())));
            }
        }
        return Optional.empty();
    }
}
