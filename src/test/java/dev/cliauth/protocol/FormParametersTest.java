package dev.cliauth.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormParametersTest {

    private static void assertInvalidRequest(String body) {
        assertThatThrownBy(() -> FormParameters.parse(body))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error().code()).isEqualTo("invalid_request"));
    }

    @Test
    void parseWhenEncodedThenDecoded() {
        FormParameters form = FormParameters.parse("scope=openid+email&name=a%2Bb%26c&empty=&flag");
        assertThat(form.get("scope")).contains("openid email");
        assertThat(form.get("name")).contains("a+b&c");
        assertThat(form.get("empty")).isEmpty();
        assertThat(form.has("flag")).isTrue();
        assertThat(form.get("missing")).isEmpty();
    }

    @Test
    void parseWhenUtf8ThenDecoded() {
        assertThat(FormParameters.parse("n=%C3%A9%E2%9C%93").get("n")).contains("é✓");
    }

    @Test
    void parseWhenParameterRepeatedThenInvalidRequest() {
        assertInvalidRequest("client_id=a&client_id=a");
        assertInvalidRequest("a=1&b=2&a=");
    }

    @Test
    void parseWhenPercentEncodingBrokenThenInvalidRequest() {
        assertInvalidRequest("a=%");
        assertInvalidRequest("a=%G1");
        assertInvalidRequest("a=%C3");
    }

    @Test
    void parseWhenRawNonAsciiThenInvalidRequest() {
        assertInvalidRequest("a=é");
    }

    @Test
    void parseWhenTooLargeOrTooManyThenInvalidRequest() {
        assertInvalidRequest("a=" + "x".repeat(FormParameters.MAX_LENGTH));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= FormParameters.MAX_PARAMETERS; i++) {
            many.append("p").append(i).append("=1&");
        }
        assertInvalidRequest(many.toString());
    }

    @Test
    void requireWhenMissingThenNamesParameter() {
        assertThatThrownBy(() -> FormParameters.parse("").require("device_code"))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error().description()).contains("device_code"));
    }
}
