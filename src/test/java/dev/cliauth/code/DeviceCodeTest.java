package dev.cliauth.code;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceCodeTest {

    @Test
    void generateThenAtLeast160BitsUrlSafeAndDistinct() {
        SecureRandom random = new SecureRandom();
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String code = DeviceCode.generate(random);
            assertThat(code).matches("[A-Za-z0-9_-]+");
            assertThat(Base64.getUrlDecoder().decode(code).length * 8).isGreaterThanOrEqualTo(160);
            assertThat(DeviceCode.wellFormed(code)).isTrue();
            codes.add(code);
        }
        assertThat(codes).hasSize(1000);
    }

    @Test
    void hashThenSha256AndNotTheCode() {
        String code = DeviceCode.generate(new SecureRandom());
        assertThat(DeviceCode.hash(code)).isEqualTo(DeviceCode.hash(code)).isNotEqualTo(code).hasSize(43);
    }

    @Test
    void wellFormedWhenWrongShapeThenFalse() {
        assertThat(DeviceCode.wellFormed("short")).isFalse();
        assertThat(DeviceCode.wellFormed("a".repeat(42) + "!")).isFalse();
    }
}
