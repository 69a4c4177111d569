package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.testing.Events;
import dev.cliauth.web.WebRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The payload 2.0 adapters around Micronaut's proxy, fed real-shaped events from {@code infra/events}. */
class Payload2Test {

    private static WebRequest accepted(APIGatewayV2HTTPEvent event) {
        Payload2Request.Checked checked = Payload2Request.check(event);
        assertThat(checked).isInstanceOf(Payload2Request.Accepted.class);
        return ((Payload2Request.Accepted) checked).request();
    }

    private static int rejected(APIGatewayV2HTTPEvent event) {
        Payload2Request.Checked checked = Payload2Request.check(event);
        assertThat(checked).isInstanceOf(Payload2Request.Rejected.class);
        return ((Payload2Request.Rejected) checked).status();
    }

    @Test
    void checkWhenCookiesArrayThenEveryPairRead() {
        // Micronaut's adapter ignores cookies[] and reads one pair of a Cookie header.
        WebRequest request = accepted(Events.load("device-page").cookies(List.of("a=1", "cliauth_csrf=x"))
                .header("cookie", "h=1; g=2").build());
        assertThat(request.cookies()).containsExactly("a=1", "cliauth_csrf=x", "h=1", "g=2");
        assertThat(request.cookie("cliauth_csrf")).isEqualTo("x");
        assertThat(request.cookie("g")).isEqualTo("2");
    }

    @Test
    void checkLeavesTheEventUnchangedAndHandsMicronautOnlyMethodAndPath() {
        APIGatewayV2HTTPEvent event = Events.load("token-poll").form("a=b&a=c").build();
        String body = event.getBody();
        Payload2Request.Accepted accepted = (Payload2Request.Accepted) Payload2Request.check(event);
        assertThat(event.getBody()).isEqualTo(body);
        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(accepted.request().body()).as("the raw form, repeated key and all").isEqualTo("a=b&a=c");
        APIGatewayV2HTTPEvent routed = accepted.event();
        assertThat(routed.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
        assertThat(routed.getRequestContext().getHttp().getPath()).isEqualTo("/oauth2/token");
        assertThat(routed.getBody()).isNull();
        assertThat(routed.getHeaders()).isNull();
        assertThat(routed.getCookies()).isNull();
        assertThat(routed.getQueryStringParameters()).isNull();
    }

    @Test
    void checkWhenBase64BodyThenDecodedAndWhenInvalidThen400() {
        assertThat(accepted(Events.load("token-poll").form("a=b&c=d").build()).body()).isEqualTo("a=b&c=d");
        assertThat(rejected(Events.load("token-poll").rawBody("!!!", true).build())).isEqualTo(400);
        assertThat(rejected(Events.load("token-poll").rawBody("/w==", true).build())).as("invalid UTF-8").isEqualTo(400);
        assertThat(rejected(Events.load("token-poll").rawBody("a".repeat(Payload2Request.MAX_BODY_BYTES + 1), false).build()))
                .isEqualTo(413);
    }

    @Test
    void checkWhenHeaderHasControlCharacterOrBadNameThen400() {
        // RFC 9110 §5.5: CR, LF and NUL must be rejected; a header name is a token.
        for (String value : List.of("1.2.3.4\u0000", "a\rb", "a\nb", "\u001b[31m", "x\u007f")) {
            assertThat(rejected(Events.load("token-poll").header("x-forwarded-for", value).build())).as(value).isEqualTo(400);
        }
        for (String name : List.of("a b", "x:y", "\u00e9", "")) {
            assertThat(rejected(Events.load("token-poll").header(name, "v").build())).as(name).isEqualTo(400);
        }
        assertThat(rejected(Events.load("device-page").cookies(List.of("cliauth_csrf=\u0000")).build())).isEqualTo(400);
        assertThat(rejected(Events.load("token-poll").method("GE T").build())).isEqualTo(400);
    }

    @Test
    void checkWhenPathIsNotAUriPathThen400() {
        // No real client sends these; '?' and '#' would start a query or fragment inside the path.
        for (String path : List.of("/device/%zz", "/device/assets/%", "/device/%2", "/a b", "/a\"b", "/a<b>", "/a{b}",
                "/a|b", "/a\\b", "/a^b", "/\u0000", "/\u00e9", "/device?user_code=x", "/device#x", "", "*",
                "http://evil.example/")) {
            assertThat(rejected(Events.load("device-page").path(path).build())).as(path).isEqualTo(400);
        }
        for (String path : List.of("/device", "/device/assets/style.css", "/device/assets/a%20b%2F..", "/x;y=1:@!$&'()*+,~")) {
            assertThat(accepted(Events.load("device-page").path(path).build()).path()).as(path).isEqualTo(path);
        }
    }

    @Test
    void checkWhenPathHasAnEmptySegmentThen400() {
        // Micronaut reads "//evil.example/device" as an authority and routes "/device", while the
        // endpoints would see the whole path (links built from it would point to another host).
        for (String path : List.of("//evil.example/device", "//x/orgs/acme/.well-known/openid-configuration", "//oauth2/token",
                "/device//signin", "/orgs/acme//device")) {
            assertThat(rejected(Events.load("device-page").path(path).build())).as(path).isEqualTo(400);
        }
        assertThat(accepted(Events.load("device-page").path("/device/").build()).path()).isEqualTo("/device/");
    }

    @Test
    void checkWhenOneHeaderUnderTwoSpellingsThen400() {
        // Header names are case-insensitive (RFC 9110 §5.1); API Gateway sends each once, in lower case.
        APIGatewayV2HTTPEvent event = Events.load("token-poll").header("Content-Type", "text/plain").build();
        assertThat(event.getHeaders()).containsKeys("content-type", "Content-Type");
        assertThat(rejected(event)).isEqualTo(400);
        assertThat(accepted(Events.load("token-poll").header("X-Other", "1").build()).header("x-other")).isEqualTo("1");
    }

    @Test
    void checkWhenDomainNameMissingOrNotAHostThen400() {
        // The issuer is built from it when cliauth.issuer is not set (a deployment): no 500 later.
        for (String domain : new String[]{null, "", "evil.example/x", "a b", "evil.example:99999999", "x".repeat(300)}) {
            APIGatewayV2HTTPEvent event = Events.load("device-authorization").build();
            event.getRequestContext().setDomainName(domain);
            assertThat(rejected(event)).as(String.valueOf(domain)).isEqualTo(400);
        }
        APIGatewayV2HTTPEvent event = Events.load("device-authorization").build();
        event.getRequestContext().setDomainName("auth.example.com:8443");
        assertThat(accepted(event).domainName()).isEqualTo("auth.example.com:8443");
    }

    @Test
    void checkWhenHeaderOrCookieHasSurroundingWhitespaceThenTrimmed() {
        WebRequest request = accepted(Events.load("device-page").header("accept", " \ttext/html ")
                .header("user-agent", "a\tb").cookies(List.of(" cliauth_csrf=x ", "", "  ", "a=1")).build());
        assertThat(request.headers()).containsEntry("accept", "text/html").containsEntry("user-agent", "a\tb");
        assertThat(request.cookies()).containsExactly("cliauth_csrf=x", "a=1");
    }

    @Test
    void checkWhenBodyOverMaxBodyBytesThen413CountingBytesNotCharacters() {
        int max = Payload2Request.MAX_BODY_BYTES;
        for (int bytes = max + 1; bytes <= max + 3; bytes++) {
            String base64 = Base64.getEncoder().encodeToString("a".repeat(bytes).getBytes(StandardCharsets.US_ASCII));
            assertThat(rejected(Events.load("token-poll").rawBody(base64, true).build())).as("base64 of %d bytes", bytes)
                    .isEqualTo(413);
        }
        String exact = Base64.getEncoder().encodeToString("a".repeat(max).getBytes(StandardCharsets.US_ASCII));
        assertThat(accepted(Events.load("token-poll").rawBody(exact, true).build()).body()).hasSize(max);

        // 2-byte characters: half the limit in characters, twice in bytes.
        assertThat(rejected(Events.load("token-poll").rawBody("\u00e9".repeat(max / 2 + 1), false).build())).isEqualTo(413);
        accepted(Events.load("token-poll").rawBody("\u00e9".repeat(max / 2), false).build());
        assertThat(rejected(Events.load("token-poll").rawBody("\uD83D\uDE00".repeat(max / 4 + 1), false).build())).isEqualTo(413);
        accepted(Events.load("token-poll").rawBody("\uD83D\uDE00".repeat(max / 4), false).build());
    }

    @Test
    void checkWhenForwardingHeadersThenSourceIpStillFromRequestContext() {
        // API Gateway appends the address it saw to a client's own X-Forwarded-For, in one lower-case header.
        APIGatewayV2HTTPEvent event = Events.load("device-signin").header("x-forwarded-for", "203.0.113.9, 198.51.100.23")
                .header("forwarded", "for=203.0.113.9").header("Accept-Charset", ";").build();
        WebRequest request = accepted(event);
        assertThat(request.sourceIp()).isEqualTo(event.getRequestContext().getHttp().getSourceIp())
                .isNotEqualTo("203.0.113.9");
        assertThat(request.header("Forwarded")).isEqualTo("for=203.0.113.9");
        assertThat(request.header("accept-charset")).isEqualTo(";");
    }

    @Test
    void checkWhenUserAgentLongThenCutTo256WithoutSplittingACharacter() {
        APIGatewayV2HTTPEvent event = Events.load("device-signin").build();
        event.getRequestContext().getHttp().setUserAgent("a".repeat(255) + "\uD83D\uDE00" + "tail");
        assertThat(accepted(event).userAgent()).isEqualTo("a".repeat(255));
        event.getRequestContext().getHttp().setUserAgent("b".repeat(300));
        assertThat(accepted(event).userAgent()).isEqualTo("b".repeat(256));
    }

    @Test
    void checkWhenNoRequestContextThen400() {
        assertThat(rejected(new APIGatewayV2HTTPEvent())).isEqualTo(400);
        assertThat(rejected(null)).isEqualTo(400);
    }

    @Test
    void responseWhenSeveralSetCookieThenAllInCookiesArrayAndNoSetCookieHeader() {
        // Micronaut's adapter writes every value to multiValueHeaders and one of them to headers.
        APIGatewayV2HTTPResponse micronaut = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "text/html", "Set-Cookie", "a=1"))
                .withMultiValueHeaders(Map.of("Content-Type", List.of("text/html"), "Set-Cookie", List.of("a=1", "b=2"),
                        "Vary", List.of("Accept", "Origin")))
                .withBody("<p>hi</p>")
                .build();
        APIGatewayV2HTTPResponse response = Payload2Response.of(micronaut);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getCookies()).containsExactly("a=1", "b=2");
        assertThat(response.getMultiValueHeaders()).isNull();
        assertThat(response.getHeaders()).containsEntry("Content-Type", "text/html").containsEntry("Vary", "Accept, Origin")
                .doesNotContainKey("Set-Cookie");
        assertThat(response.getBody()).isEqualTo("<p>hi</p>");
    }

    @Serdeable
    record Sample(String name) {
    }

    @Test
    void responseBuiltOutsideMicronautThenTextAsIsAndRecordsAsJson() {
        try (var context = io.micronaut.context.ApplicationContext.run()) {
            JsonMapper json = context.getBean(JsonMapper.class);
            APIGatewayV2HTTPResponse page = Payload2Response.of(HttpResponse.status(io.micronaut.http.HttpStatus.BAD_REQUEST)
                    .body("<p>x</p>").header("Set-Cookie", "a=1").header("Set-Cookie", "b=2"), json);
            assertThat(page.getStatusCode()).isEqualTo(400);
            assertThat(page.getBody()).isEqualTo("<p>x</p>");
            assertThat(page.getCookies()).containsExactly("a=1", "b=2");
            APIGatewayV2HTTPResponse record = Payload2Response.of(HttpResponse.ok(new Sample("<a\"b>")), json);
            assertThat(record.getBody()).isEqualTo("{\"name\":\"<a\\\"b>\"}");
        }
    }

    @Test
    void requestCookieWhenQuotedThenUnquoted() {
        WebRequest request = accepted(Events.load("device-page").cookies(List.of("q=\"v\"", "a=1")).build());
        assertThat(request.cookie("q")).isEqualTo("v");
        assertThat(request.cookie("a")).isEqualTo("1");
    }

    @Test
    void requestCookieWhenRepeatedMissingOrEmptyThenNull() {
        WebRequest request = accepted(Events.load("device-page").cookies(List.of("x=\"v\"", "e=", "x=second"))
                .header("cookie", "h=1; x=third").build());
        assertThat(request.cookie("x")).as("sent three times: ambiguous, so absent").isNull();
        assertThat(request.cookie("h")).isEqualTo("1");
        assertThat(request.cookie("e")).isNull();
        assertThat(request.cookie("y")).isNull();
    }
}
