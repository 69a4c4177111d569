package dev.cliauth.code;

import dev.cliauth.code.UserCodeFormat.Alphabet;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserCodeFormatTest {

    private final UserCodeFormat format = UserCodeFormat.DEFAULT;

    @Test
    void generateThenEightBase20CharactersShownAsTwoGroups() {
        String code = format.generate(new SecureRandom());
        assertThat(code).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
        assertThat(UserCodeFormat.normal(code)).matches("[BCDFGHJKLMNPQRSTVWXZ]{8}");
        assertThat(format.entropyBits()).isGreaterThan(34.5);
        assertThat(format.spec()).isEqualTo("base20:8:4");
    }

    @Test
    void generateThenEveryCharacterUniformInEveryAlphabet() throws Exception {
        for (Alphabet alphabet : Alphabet.values()) {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(42);
            UserCodeFormat f = new UserCodeFormat(alphabet, 12, 4);
            int size = alphabet.size();
            int[] counts = new int[size];
            int samples = 20_000;
            for (int i = 0; i < samples; i++) {
                for (char c : UserCodeFormat.normal(f.generate(random)).toCharArray()) {
                    counts[alphabet.chars().indexOf(c)]++;
                }
            }
            double expected = samples * 12.0 / size;
            double chiSquare = 0;
            for (int count : counts) {
                chiSquare += (count - expected) * (count - expected) / expected;
            }
            // p = 0.001 critical values: 9 df 27.9, 19 df 43.8, 27 df 55.5. A modulo-biased byte sampler scores far above.
            double critical = switch (size) {
                case 10 -> 27.9;
                case 20 -> 43.8;
                case 28 -> 55.5;
                default -> throw new AssertionError(size);
            };
            assertThat(chiSquare).as(alphabet.id()).isLessThan(critical);
        }
    }

    @Test
    void alphabetsThenNoVowelsNoLookAlikes() {
        for (Alphabet alphabet : Alphabet.values()) {
            assertThat(alphabet.chars()).doesNotContainPattern("[AEIOU]");
            assertThat(alphabet.chars().chars().distinct().count()).isEqualTo(alphabet.size());
        }
        assertThat(Alphabet.ALNUM.chars()).doesNotContainPattern("[01OIL]").as("no 0/O, no 1/I/L");
    }

    @Test
    void displayThenGroupedAsConfigured() {
        SecureRandom random = new SecureRandom();
        assertThat(UserCodeFormat.parse("digits:10:5").generate(random)).matches("[0-9]{5}-[0-9]{5}");
        assertThat(UserCodeFormat.parse("digits:12:3").generate(random)).matches("[0-9]{3}(-[0-9]{3}){3}");
        assertThat(UserCodeFormat.parse("alnum:8:8").generate(random)).matches("[2-9B-DF-HJKMNP-TV-Z]{8}");
        assertThat(UserCodeFormat.parse("alnum:9:3").generate(random)).matches("[2-9B-DF-HJKMNP-TV-Z]{3}(-[2-9B-DF-HJKMNP-TV-Z]{3}){2}");
    }

    @Test
    void typedWhenCaseSpacesDashesAndPunctuationThenIgnored() {
        assertThat(UserCodeFormat.typed("bcdf-ghjk").orElseThrow().normal()).isEqualTo("BCDFGHJK");
        assertThat(UserCodeFormat.typed(" BCDF ghjk ").orElseThrow().normal()).isEqualTo("BCDFGHJK");
        assertThat(UserCodeFormat.typed("bc.df_gh/jk").orElseThrow().normal()).isEqualTo("BCDFGHJK");
        assertThat(UserCodeFormat.typed(" bcdf  -- ghjk").orElseThrow().shown()).isEqualTo("BCDF-GHJK");
        assertThat(UserCodeFormat.typed("12345 67890").orElseThrow().shown()).isEqualTo("12345-67890");
    }

    @Test
    void typedThenCostOfTheWeakestFormatItCouldBelongTo() {
        assertThat(UserCodeFormat.typed("BCDF-GHJK").orElseThrow().codeSpace()).as("base20 and alnum: base20's")
                .isEqualTo(Math.pow(20, 8));
        assertThat(UserCodeFormat.typed("BCDF-GHJY").orElseThrow().codeSpace()).as("Y: alnum only")
                .isEqualTo(Math.pow(28, 8));
        assertThat(UserCodeFormat.typed("23456-78923").orElseThrow().codeSpace()).as("digits and alnum: digits'")
                .isEqualTo(Math.pow(10, 10));
        assertThat(UserCodeFormat.typed("2345-6789").orElseThrow().codeSpace())
                .as("8 digits is below the floor as digits, so it can only be an alnum code")
                .isEqualTo(Math.pow(28, 8));
    }

    @Test
    void typedWhenNoAllowedFormatCouldHoldItThenEmpty() {
        assertThat(UserCodeFormat.typed("BCDF-GHL")).as("L: base20 only, and 7 of base20 is below the floor").isEmpty();
        assertThat(UserCodeFormat.typed("BCDF-GHJ").orElseThrow().codeSpace()).as("but 7 of alnum is a code")
                .isEqualTo(Math.pow(28, 7));
        assertThat(UserCodeFormat.typed("0123-4567")).as("8 digits with 0 and 1: digits only, below the floor").isEmpty();
        assertThat(UserCodeFormat.typed("ABCD-GHJK")).as("vowels are in no alphabet").isEmpty();
        assertThat(UserCodeFormat.typed("BCDF-GHL1")).as("L is base20 only, 1 digits only").isEmpty();
        assertThat(UserCodeFormat.typed("BCDF-GHJKÄ")).as("letters outside ASCII").isEmpty();
        assertThat(UserCodeFormat.typed("B".repeat(17))).as("longer than any format").isEmpty();
        assertThat(UserCodeFormat.typed("x".repeat(100))).isEmpty();
    }

    @Test
    void formatWhenEntropyBelowFloorOrBadSpecThenRejectedWithTheReason() {
        assertThatThrownBy(() -> UserCodeFormat.parse("digits:9:3")).hasMessageContaining("29.9 bits")
                .hasMessageContaining("at least 33");
        assertThatThrownBy(() -> UserCodeFormat.parse("base20:7:4")).hasMessageContaining("30.3 bits");
        assertThatThrownBy(() -> UserCodeFormat.parse("alnum:6:3")).hasMessageContaining("28.8 bits");
        assertThatThrownBy(() -> UserCodeFormat.parse("hex:8:4")).hasMessageContaining("unknown user-code alphabet");
        assertThatThrownBy(() -> UserCodeFormat.parse("digits:10")).hasMessageContaining("alphabet:length:group");
        assertThatThrownBy(() -> UserCodeFormat.parse("digits:ten:5")).hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> UserCodeFormat.parse("digits:10:1")).hasMessageContaining("group must be 2..10");
        assertThatThrownBy(() -> UserCodeFormat.parse("digits:17:4")).hasMessageContaining("length must be 6..16");
        assertThat(UserCodeFormat.parse("digits:10:5").entropyBits()).isGreaterThan(UserCodeFormat.MIN_ENTROPY_BITS);
        assertThat(UserCodeFormat.parse("alnum:7:7").entropyBits()).isGreaterThan(UserCodeFormat.MIN_ENTROPY_BITS);
        assertThat(UserCodeFormat.stored("digits:9:3")).as("a too weak stored format is not used").isNull();
        assertThat(UserCodeFormat.stored("digits:10:5")).isEqualTo(new UserCodeFormat(Alphabet.DIGITS, 10, 5));
    }
}
