package dev.cliauth.verification;

import dev.cliauth.config.Functions;
import dev.cliauth.testing.MutableClock;
import dev.cliauth.testing.TestDynamo;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed session cookies and CSRF tokens, as the verification function's beans. */
@MicronautTest(environments = Functions.VERIFICATION, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserStateTest implements TestPropertyProvider {

    private final MutableClock clock = MutableClock.startingNow();

    @Inject
    BrowserState state;

    @MockBean(Clock.class)
    Clock clock() {
        return clock;
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of("cliauth.table", TestDynamo.newTable(), "cliauth.dynamodb.endpoint", TestDynamo.endpoint());
    }

    @Test
    void sessionWhenIntactThenDecodedAndWhenTamperedOrExpiredThenRejected() {
        Session session = state.newSession("sub-1", "a@example.com", "A|B.C");
        String cookie = state.encode("default", session);
        assertThat(state.decode("default", cookie)).contains(session);
        assertThat(state.decode("acme", cookie)).as("another org's pages").isEmpty();
        String tampered = cookie.replace(".djF", ".djG");
        assertThat(state.decode("default", cookie.substring(0, cookie.length() - 2) + "AA")).isEmpty();
        assertThat(state.decode("default", "v1.x.1.a.b.c.sig")).isEmpty();
        assertThat(state.decode("default", tampered.equals(cookie) ? cookie + "x" : tampered)).isEmpty();
        clock.advance(Duration.ofHours(1));
        try {
            assertThat(state.decode("default", cookie)).isEmpty();
        } finally {
            clock.advance(Duration.ofHours(-1));
        }
    }

    @Test
    void csrfWhenNonceOrSessionDiffersThenInvalid() {
        String nonce = state.newNonce();
        String token = state.csrfToken("default", nonce, "s1");
        assertThat(state.csrfValid("default", token, nonce, "s1")).isTrue();
        assertThat(state.csrfValid("acme", token, nonce, "s1")).as("another org's pages").isFalse();
        assertThat(state.csrfValid("default", token, nonce, "s2")).isFalse();
        assertThat(state.csrfValid("default", token, state.newNonce(), "s1")).isFalse();
        assertThat(state.csrfValid("default", null, nonce, "s1")).isFalse();
        assertThat(state.csrfValid("default", token, null, "s1")).isFalse();
    }
}
