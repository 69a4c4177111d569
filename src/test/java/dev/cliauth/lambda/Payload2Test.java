package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.http.Request;
import dev.cliauth.http.Response;
import dev.cliauth.testing.Events;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Payload2Test {

    @Test
    void prepareWhenCookiesArrayThenEveryPairRead() {
        APIGatewayV2HTTPEvent event = Events.load("device-page").cookies(List.of("a=1", "cliauth_csrf=x")).build();
        assertThat(Payload2.prepare(event)).isNull();
        assertThat(Payload2.request(event).cookies()).containsExactly("a=1", "cliauth_csrf=x");
        assertThat(Payload2.request(event).cookie("cliauth_csrf")).isEqualTo("x");
    }

    @Test
    void prepareWhenBase64BodyThenDecodedAndWhenInvalidThen400() {
        APIGatewayV2HTTPEvent ok = Events.load("token-poll").form("a=b&c=d").build();
        assertThat(Payload2.prepare(ok)).isNull();
        assertThat(ok.getBody()).isEqualTo("a=b&c=d");
        assertThat(ok.getIsBase64Encoded()).isFalse();

        assertThat(Payload2.prepare(Events.load("token-poll").rawBody("!!!", true).build()).status()).isEqualTo(400);
        assertThat(Payload2.prepare(Events.load("token-poll").rawBody("/w==", true).build()).status())
                .as("invalid UTF-8").isEqualTo(400);
        assertThat(Payload2.prepare(Events.load("token-poll").rawBody("a".repeat(Payload2.MAX_BODY_BYTES + 1), false).build())
                .status()).isEqualTo(413);
    }

    @Test
    void prepareWhenHeaderHasControlCharacterOrBadNameThen400() {
        // RFC 9110 §5.5: CR, LF and NUL must be rejected; a header name is a token.
        for (String value : List.of("1.2.3.4\u0000", "a\rb", "a\nb", "\u001b[31m", "x\u007f")) {
            assertThat(Payload2.prepare(Events.load("token-poll").header("x-forwarded-for", value).build()))
                    .as(value).extracting(Payload2.Rejection::status).isEqualTo(400);
        }
        for (String name : List.of("a b", "x:y", "\u00e9", "")) {
            assertThat(Payload2.prepare(Events.load("token-poll").header(name, "v").build()))
                    .as(name).extracting(Payload2.Rejection::status).isEqualTo(400);
        }
        assertThat(Payload2.prepare(Events.load("device-page").cookies(List.of("cliauth_csrf=\u0000")).build()))
                .extracting(Payload2.Rejection::status).isEqualTo(400);
    }

    @Test
    void prepareWhenPathIsNotAUriPathThen400() {
        // No real client sends these; '?' and '#' would start a query or fragment inside the path.
        for (String path : List.of("/device/%zz", "/device/assets/%", "/device/%2", "/a b", "/a\"b", "/a<b>", "/a{b}",
                "/a|b", "/a\\b", "/a^b", "/\u0000", "/\u00e9", "/device?user_code=x", "/device#x", "", "*",
                "http://evil.example/")) {
            assertThat(Payload2.prepare(Events.load("device-page").path(path).build()))
                    .as(path).extracting(Payload2.Rejection::status).isEqualTo(400);
        }
        for (String path : List.of("/device", "/device/assets/style.css", "/device/assets/a%20b%2F..", "/x;y=1:@!$&'()*+,~")) {
            assertThat(Payload2.prepare(Events.load("device-page").path(path).build())).as(path).isNull();
        }
    }

    @Test
    void prepareWhenHeaderOrCookieHasSurroundingWhitespaceThenTrimmed() {
        APIGatewayV2HTTPEvent event = Events.load("device-page").header("accept", " \ttext/html ")
                .header("user-agent", "a\tb").cookies(List.of(" cliauth_csrf=x ", "", "  ", "a=1")).build();
        assertThat(Payload2.prepare(event)).isNull();
        assertThat(event.getHeaders()).containsEntry("accept", "text/html").containsEntry("user-agent", "a\tb");
        assertThat(Payload2.request(event).cookies()).containsExactly("cliauth_csrf=x", "a=1");
    }

    @Test
    void prepareWhenBodyOverMaxBodyBytesThen413CountingBytesNotCharacters() {
        int max = Payload2.MAX_BODY_BYTES;
        for (int bytes = max + 1; bytes <= max + 3; bytes++) {
            String base64 = Base64.getEncoder().encodeToString("a".repeat(bytes).getBytes(StandardCharsets.US_ASCII));
            assertThat(Payload2.prepare(Events.load("token-poll").rawBody(base64, true).build()))
                    .as("base64 of %d bytes", bytes).extracting(Payload2.Rejection::status).isEqualTo(413);
        }
        String exact = Base64.getEncoder().encodeToString("a".repeat(max).getBytes(StandardCharsets.US_ASCII));
        assertThat(Payload2.prepare(Events.load("token-poll").rawBody(exact, true).build())).isNull();

        // 2-byte characters: half the limit in characters, twice in bytes.
        assertThat(Payload2.prepare(Events.load("token-poll").rawBody("\u00e9".repeat(max / 2 + 1), false).build()))
                .extracting(Payload2.Rejection::status).isEqualTo(413);
        assertThat(Payload2.prepare(Events.load("token-poll").rawBody("\u00e9".repeat(max / 2), false).build())).isNull();
        assertThat(Payload2.prepare(Events.load("token-poll").rawBody("\uD83D\uDE00".repeat(max / 4 + 1), false).build()))
                .extracting(Payload2.Rejection::status).isEqualTo(413);
        assertThat(Payload2.prepare(Events.load("token-poll").rawBody("\uD83D\uDE00".repeat(max / 4), false).build())).isNull();
    }

    @Test
    void requestWhenForwardingHeadersThenSourceIpStillFromRequestContext() {
        APIGatewayV2HTTPEvent event = Events.load("device-signin").header("X-Forwarded-For", "203.0.113.9")
                .header("forwarded", "for=203.0.113.9").header("Accept-Charset", ";").build();
        assertThat(Payload2.prepare(event)).isNull();
        Request request = Payload2.request(event);
        assertThat(request.sourceIp()).isEqualTo(event.getRequestContext().getHttp().getSourceIp())
                .isNotEqualTo("203.0.113.9");
        assertThat(request.header("Forwarded")).isEqualTo("for=203.0.113.9");
        assertThat(request.header("accept-charset")).isEqualTo(";");
    }

    @Test
    void requestWhenUserAgentLongThenCutTo256WithoutSplittingACharacter() {
        String agent = "a".repeat(255) + "\uD83D\uDE00" + "tail";
        APIGatewayV2HTTPEvent event = Events.load("device-signin").build();
        event.getRequestContext().getHttp().setUserAgent(agent);
        assertThat(Payload2.prepare(event)).isNull();
        assertThat(Payload2.request(event).userAgent()).isEqualTo("a".repeat(255));
        event.getRequestContext().getHttp().setUserAgent("b".repeat(300));
        assertThat(Payload2.request(event).userAgent()).isEqualTo("b".repeat(256));
    }

    @Test
    void prepareWhenNoRequestContextThen400() {
        assertThat(Payload2.prepare(new APIGatewayV2HTTPEvent()).status()).isEqualTo(400);
        assertThat(Payload2.prepare(null).status()).isEqualTo(400);
    }

    @Test
    void responseWhenSeveralCookiesThenAllInCookiesArrayAndNoSetCookieHeader() {
        APIGatewayV2HTTPResponse response = Payload2.response(Response.ok("<p>hi</p>")
                .header("Content-Type", "text/html").cookie("a=1").cookie("b=2"));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getCookies()).containsExactly("a=1", "b=2");
        assertThat(response.getMultiValueHeaders()).isNull();
        assertThat(response.getHeaders()).containsEntry("Content-Type", "text/html").doesNotContainKey("Set-Cookie");
        assertThat(response.getBody()).isEqualTo("<p>hi</p>");
        assertThatThrownBy(() -> Response.ok("").header("set-cookie", "a=1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestCookieWhenQuotedThenUnquoted() {
        APIGatewayV2HTTPEvent event = Events.load("device-page").cookies(List.of("q=\"v\"", "a=1")).build();
        assertThat(Payload2.prepare(event)).isNull();
        assertThat(Payload2.request(event).cookie("q")).isEqualTo("v");
        assertThat(Payload2.request(event).cookie("a")).isEqualTo("1");
    }

    @Test
    void requestCookieWhenRepeatedMissingOrEmptyThenNull() {
        APIGatewayV2HTTPEvent event = Events.load("device-page").cookies(List.of("x=\"v\"", "e=", "x=second"))
                .header("cookie", "h=1; x=third").build();
        assertThat(Payload2.prepare(event)).isNull();
        Request request = Payload2.request(event);
        assertThat(request.cookie("x")).as("sent three times: ambiguous, so absent").isNull();
        assertThat(request.cookie("h")).isEqualTo("1");
        assertThat(request.cookie("e")).isNull();
        assertThat(request.cookie("y")).isNull();
    }
}
