package dev.cliauth.verification;

import dev.cliauth.web.WebRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A page's form is read only from a body whose media type is exactly the form type, as on the OAuth endpoints. */
class PageFormsTest {

    private static WebRequest post(String contentType) {
        return new WebRequest("POST", "/device/signin", Map.of("content-type", contentType), List.of(), "", "csrf=x",
                "198.51.100.23", "", "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com");
    }

    @Test
    void ofWhenFormMediaTypeThenParsedWhateverItsCaseAndParameters() {
        for (String type : List.of("application/x-www-form-urlencoded", "Application/X-WWW-Form-Urlencoded",
                "application/x-www-form-urlencoded; charset=UTF-8", " application/x-www-form-urlencoded ;charset=utf-8")) {
            assertThat(PageForms.of(post(type)).has("csrf")).as(type).isTrue();
        }
    }

    @Test
    void ofWhenAnotherMediaTypeThatStartsLikeTheFormTypeThenEmpty() {
        for (String type : List.of("application/x-www-form-urlencoded-evil", "application/x-www-form-urlencodedjson",
                "application/x-www-form-urlencoded, text/plain", "text/plain", "")) {
            assertThat(PageForms.of(post(type)).has("csrf")).as(type).isFalse();
        }
    }
}
