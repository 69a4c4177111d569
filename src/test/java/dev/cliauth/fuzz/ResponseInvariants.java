package dev.cliauth.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.micronaut.core.annotation.Nullable;

import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every answer must look like, whatever was sent (SPEC §3 "Bad input never yields a 5xx",
 * STYLE "Protocol values"): no 5xx, no internal detail, OAuth errors in RFC 6749 §5.2 shape,
 * pages as HTML that is never cached, cookies only in {@code cookies[]}.
 */
final class ResponseInvariants {

    /**
     * The error codes of RFC 6749 §5.2 and RFC 8628 §3.5 (and §4.1.2.1's server_error,
     * temporarily_unavailable), and RFC 6750 §3.1's for the UserInfo endpoint's bearer tokens.
     */
    static final Set<String> OAUTH_ERRORS = Set.of(
            "invalid_request", "invalid_client", "invalid_grant", "invalid_scope", "unsupported_grant_type",
            "unauthorized_client", "authorization_pending", "slow_down", "access_denied", "expired_token",
            "temporarily_unavailable", "server_error", "invalid_token", "insufficient_scope");

    /** Signs of a stack trace, an exception message or the framework behind the answer. */
    private static final List<String> LEAKS = List.of(
            "exception", "at dev.", "at io.micronaut", "java.", "micronaut", "nullpointer", "software.amazon",
            "stacktrace", "caused by", "jackson", "dynamodb", "\tat ");

    private ResponseInvariants() {
    }

    /** Checks {@code response} to {@code request}; the message of a failure names both. */
    static void check(FuzzRequest request, @Nullable APIGatewayV2HTTPResponse response) {
        assertThat(response).as("no response to %s", request).isNotNull();
        String body = response.getBody() == null ? "" : response.getBody();
        String context = "status " + response.getStatusCode() + ", headers " + response.getHeaders()
                + ", body " + FuzzRequest.show(body) + "\n  for " + request;

        assertThat(response.getStatusCode()).as("status: %s", context).isBetween(200, 499);

        String lower = body.toLowerCase(Locale.ROOT);
        for (String leak : LEAKS) {
            assertThat(lower).as("internal detail '%s' in body: %s", leak, context).doesNotContain(leak);
        }
        Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        headers.forEach((name, value) -> {
            assertThat(name).as("Set-Cookie in headers (payload 2.0 keeps one): %s", context).isNotEqualToIgnoringCase("set-cookie");
            String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
            for (String leak : LEAKS) {
                assertThat(v).as("internal detail '%s' in header %s: %s", leak, name, context).doesNotContain(leak);
            }
        });
        if (response.getMultiValueHeaders() != null) {
            assertThat(response.getMultiValueHeaders().keySet()).as("multiValueHeaders (dropped by payload 2.0): %s", context)
                    .noneMatch(name -> name.equalsIgnoreCase("set-cookie"));
        }

        if (request.target().oauth) {
            checkOAuth(request, response, headers, body, context);
        } else {
            checkPage(request, response, headers, context);
        }
    }

    private static void checkOAuth(FuzzRequest request, APIGatewayV2HTTPResponse response, Map<String, String> headers,
                                   String body, String context) {
        int status = response.getStatusCode();
        assertThat(response.getCookies()).as("the OAuth API sets no cookie: %s", context).isNullOrEmpty();
        boolean success = status >= 200 && status < 300;
        if (success && body.isEmpty()) {
            return;
        }
        assertThat(header(headers, "content-type")).as("Content-Type: %s", context).startsWith("application/json");
        if (!success) {
            assertThat(header(headers, "cache-control")).as("Cache-Control: %s", context).contains("no-store");
        }
        if ("HEAD".equals(request.method()) && body.isEmpty()) {
            // A response to HEAD has no content (RFC 9110 §9.3.2); its headers are checked above.
            return;
        }
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new AssertionError("not a JSON object: " + context, e);
        }
        if (success) {
            return;
        }
        assertThat(json.get("error")).as("error: %s", context).isInstanceOf(String.class);
        assertThat(OAUTH_ERRORS).as("error code: %s", context).contains((String) json.get("error"));
        assertThat(json.get("error_description")).as("error_description: %s", context).isInstanceOf(String.class);
        if (json.containsKey("error_uri")) {
            assertThat(json.get("error_uri")).as("error_uri: %s", context).isInstanceOf(String.class);
        }
        if (status == 401) {
            // RFC 6749 §5.2: a 401 "MUST include the WWW-Authenticate response header field".
            assertThat(header(headers, "www-authenticate")).as("WWW-Authenticate with 401: %s", context).isNotNull();
        }
    }

    private static void checkPage(FuzzRequest request, APIGatewayV2HTTPResponse response, Map<String, String> headers,
                                  String context) {
        String type = header(headers, "content-type");
        if (type != null && type.startsWith("text/css")) {
            assertThat(request.path()).as("only the stylesheet is CSS: %s", context).matches("/device/assets/style\\.css/?");
            assertThat(response.getStatusCode()).as("stylesheet status: %s", context).isEqualTo(200);
            return;
        }
        assertThat(type).as("Content-Type: %s", context).startsWith("text/html");
        assertThat(header(headers, "cache-control")).as("Cache-Control: %s", context).contains("no-store");
        if (response.getCookies() != null) {
            for (String cookie : response.getCookies()) {
                // A value, or (clearing a session that is no longer valid) an empty one that expires at once.
                assertThat(cookie).as("cookie attributes (SPEC §5): %s", context)
                        .containsPattern(cookie.matches("^__Host-cliauth_session(-[a-z0-9-]{1,63})?=;.*")
                                ? "; Max-Age=0(;|$)" : "^__Host-cliauth_(csrf|session|view|lang)(-[a-z0-9-]{1,63})?=[A-Za-z0-9._-]+;")
                        .contains("; HttpOnly").contains("; SameSite=Lax").contains("; Secure").contains("; Path=/")
                        .doesNotContainIgnoringCase("domain=");
            }
        }
    }

    @Nullable
    static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
