package dev.cliauth.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordsTest {

    @Test
    void checkWhenRightAndUsableThenTrueAndOtherwiseFalse() {
        String hash = Passwords.hash("correct horse", 4);
        assertThat(Passwords.check("correct horse", hash, true)).isTrue();
        assertThat(Passwords.check("correct horse", hash, false)).as("disabled account").isFalse();
        assertThat(Passwords.check("wrong horse", hash, true)).isFalse();
        assertThat(Passwords.check("x".repeat(100), hash, true)).as("over bcrypt's 72 bytes").isFalse();
        assertThat(Passwords.check("correct horse", null, true)).as("no account").isFalse();
        assertThat(Passwords.check("correct horse", "$2a$10$not-a-hash", true)).isFalse();
    }

    @Test
    void checkWhenStoredCostAboveTheMaximumThenNeverSignsIn() {
        String heavy = Passwords.hash("correct horse", Passwords.MAX_COST + 1);
        assertThat(Passwords.check("correct horse", heavy, true)).isFalse();
        assertThat(Passwords.check("correct horse", Passwords.hash("correct horse", Passwords.MAX_COST), true)).isTrue();
    }

    @Test
    void costOfThenTheHashesCost() {
        assertThat(Passwords.costOf(Passwords.hash("p", 5))).isEqualTo(5);
        assertThat(Passwords.costOf("$2a$1x$" + "a".repeat(53))).isEqualTo(-1);
        assertThat(Passwords.costOf("")).isEqualTo(-1);
    }
}
