package dev.cliauth.org;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule for emails that the admin tool, the portal and company sign-in share. */
class RulesTest {

    @Test
    void emailWhenAsciiThenTrimmedAndLowerCase() {
        assertThat(Rules.email(" Alice@Acme.Example ")).contains("alice@acme.example");
        assertThat(Rules.email("\u00e9mile@acme.example")).as("non-ASCII already lower case").contains("\u00e9mile@acme.example");
    }

    @Test
    void emailWhenLowerCaseWouldMakeAnotherAddressOrNotAnAddressThenNone() {
        for (String bad : List.of("\u212Aate@acme.example", "\u0130nci@acme.example", "\u00c9mile@acme.example",
                "\"john smith\"@acme.example", "a@b@acme.example", "@acme.example", "alice@", "alice")) {
            assertThat(Rules.email(bad)).as(bad).isEmpty();
        }
    }
}
