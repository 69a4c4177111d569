package dev.cliauth.code;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserCodeFormatTest {

    private final UserCodeFormat format = UserCodeFormat.DEFAULT;

    @Test
    void generateThenEightBase20CharactersShownAsTwoGroups() {
        String code = format.generate(new SecureRandom());
        assertThat(code).matches("[BCDFGHJKLMNPQRSTVWXZ]{8}");
        assertThat(format.display(code)).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
        assertThat(format.entropyBits()).isGreaterThan(34.5);
    }

    @Test
    void generateThenEveryCharacterUniform() throws Exception {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(42);
        int[] counts = new int[20];
        int samples = 20_000;
        for (int i = 0; i < samples; i++) {
            for (char c : format.generate(random).toCharArray()) {
                counts[UserCodeFormat.BASE20.indexOf(c)]++;
            }
        }
        double expected = samples * 8 / 20.0;
        double chiSquare = 0;
        for (int count : counts) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        // 19 degrees of freedom: p = 0.001 at 43.8. A modulo-biased sampler over a byte scores far above.
        assertThat(chiSquare).isLessThan(43.8);
    }

    @Test
    void normaliseWhenCaseSpacesDashesAndPunctuationThenIgnored() {
        assertThat(format.normalise("bcdf-ghjk")).contains("BCDFGHJK");
        assertThat(format.normalise(" BCDF ghjk ")).contains("BCDFGHJK");
        assertThat(format.normalise("bc.df_gh/jk")).contains("BCDFGHJK");
    }

    @Test
    void normaliseWhenWrongLengthOrForeignCharactersThenEmpty() {
        assertThat(format.normalise("BCDF-GHJ")).isEmpty();
        assertThat(format.normalise("BCDF-GHJKL")).isEmpty();
        assertThat(format.normalise("ABCD-GHJK")).as("vowels are not in the alphabet").isEmpty();
        assertThat(format.normalise("BCDF-GHJ1")).isEmpty();
        assertThat(format.normalise("x".repeat(100))).isEmpty();
    }

    @Test
    void formatWhenEntropyBelowFloorThenRejected() {
        assertThatThrownBy(() -> UserCodeFormat.named("digits", 6, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(UserCodeFormat.named("digits", 9, 3).entropyBits()).isGreaterThan(UserCodeFormat.MIN_ENTROPY_BITS);
    }
}
