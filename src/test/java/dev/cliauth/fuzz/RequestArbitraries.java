package dev.cliauth.fuzz;

import dev.cliauth.local.SamTemplate;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.token.TokenEndpoint;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generators of bad input: methods, paths, query strings, headers, cookies and bodies as a careless
 * or hostile client might send them, mixed with the valid values that get a request further in.
 */
final class RequestArbitraries {

    /** Every route of {@code template.yaml}: new routes are fuzzed without touching this test. */
    static final List<SamTemplate.Route> ROUTES = SamTemplate.load().routes();

    static final String DEVICE_GRANT = TokenEndpoint.DEVICE_CODE_GRANT;

    private static final List<String> KNOWN_KEYS = List.of(
            "client_id", "client_secret", "scope", "grant_type", "device_code", "user_code", "csrf",
            "username", "password", "decision");

    private static final List<String> PLAUSIBLE_VALUES = List.of(
            "demo-cli", "other-cli", "openid", "openid email profile offline_access", "admin", DEVICE_GRANT,
            "authorization_code", "password", "refresh_token", "BCDF-GHJK", "bcdf ghjk", "ZZZZZZZZ", "approve", "deny",
            "APPROVE", "demo@example.com", "DEMO@EXAMPLE.COM", "demo-password", "true", "0", "-1");

    /** Broken percent-encoding and UTF-8: truncated, non-hex, NUL, overlong, surrogate, beyond U+10FFFF, BOM. */
    private static final List<String> PERCENT_GARBAGE = List.of(
            "%", "%%", "%G1", "%2", "%zz", "%00", "%C0%AF", "%C0%80", "%E0%80%AF", "%ED%A0%80", "%ED%BF%BF",
            "%F4%90%80%80", "%F8%88%80%80%80", "%FF", "%FE%FF", "%EF%BB%BF", "%80", "%C3", "%F0%9F%98",
            "%F0%9F%98%80", "%E2%80%AE", "%0D%0A", "+", "%2B", "%26", "%3D", "%25", "%u0041", "%%32%35");

    private static final List<String> SPECIAL_STRINGS = List.of(
            "", " ", "\u0000", "\u0000\u0000", "\r\n", "\n", "\t", "'", "\"", "\\", "\\\"", "<", ">",
            "<script>alert(1)</script>", "${jndi:ldap://x/a}", "{{7*7}}", "%s%n", "../../etc/passwd",
            "null", "undefined", "NaN", "-1", "99999999999999999999", "1e309", "\uD83D\uDE00", "\uD800", "\uDC00",
            "\uFFFF", "\uFEFF", "\u202E", "\u0301", "é", "ß", "İ", "ǅ", "\u2028", "=", "&", ";", ",", "==", "&&", "=&=",
            "a=b", "[]", "{}", "Basic", "Bearer", "true", "true,false");

    private RequestArbitraries() {
    }

    // ----------------------------------------------------------------------------------- strings

    /** Any short string, printable or not, plus the special cases and the occasional very long one. */
    static Arbitrary<String> garbage() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(24)),
                Tuple.of(4, Arbitraries.strings().ascii().ofMaxLength(40)),
                Tuple.of(4, Arbitraries.of(SPECIAL_STRINGS)),
                Tuple.of(1, longStrings(300, 12_000)));
    }

    /** A long run of one awkward character. */
    static Arbitrary<String> longStrings(int min, int max) {
        return Combinators.combine(Arbitraries.of("a", "%", "é", "\uD83D\uDE00", "\u0000", "=", "&", ".", "A%20"),
                        Arbitraries.integers().between(min, max))
                .as((unit, n) -> unit.repeat(Math.max(1, n / unit.length())));
    }

    /**
     * Garbage for header and cookie values: mostly without control characters, which are refused
     * before anything else looks at the request, so that the rest of the request is exercised too.
     */
    static Arbitrary<String> headerGarbage() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, garbage().map(RequestArbitraries::withoutControls)),
                Tuple.of(1, garbage()));
    }

    private static String withoutControls(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.chars().forEach(c -> out.append(c < 0x20 && c != '\t' || c == 0x7f ? '?' : (char) c));
        return out.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ----------------------------------------------------------------------------------- forms

    static Arbitrary<String> formKey() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(KNOWN_KEYS)),
                Tuple.of(2, Arbitraries.of("CLIENT_ID", "client_id ", " client_id", "client_id[]", "client_id%00",
                        "client%5Fid", "grant_type%20", "user_code\u0000", "csrf[0]", "")),
                Tuple.of(2, garbage().map(RequestArbitraries::enc)),
                Tuple.of(1, garbage()),
                Tuple.of(1, Arbitraries.of(PERCENT_GARBAGE)));
    }

    static Arbitrary<String> formValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(PLAUSIBLE_VALUES).map(RequestArbitraries::enc)),
                Tuple.of(3, garbage().map(RequestArbitraries::enc)),
                Tuple.of(2, garbage()),
                Tuple.of(2, Combinators.combine(Arbitraries.of(PLAUSIBLE_VALUES).map(RequestArbitraries::enc),
                        Arbitraries.of(PERCENT_GARBAGE), Arbitraries.of(true, false))
                        .as((v, bad, before) -> before ? bad + v : v + bad)),
                Tuple.of(1, longStrings(2_000, 20_000).map(RequestArbitraries::enc)));
    }

    /** A form as a careless client writes it: repeated, missing, empty and unknown fields, odd separators. */
    static Arbitrary<String> form() {
        Arbitrary<String> pair = Arbitraries.frequencyOf(
                Tuple.of(10, Combinators.combine(formKey(), formValue()).as((k, v) -> k + "=" + v)),
                Tuple.of(1, formKey()),
                Tuple.of(1, formValue().map(v -> "=" + v)),
                Tuple.of(1, Combinators.combine(formKey(), formValue()).as((k, v) -> k + "==" + v)));
        Arbitrary<List<String>> pairs = Arbitraries.frequencyOf(
                Tuple.of(9, pair.list().ofMaxSize(10)),
                Tuple.of(1, pair.list().ofMinSize(25).ofMaxSize(45)));
        return Combinators.combine(pairs, Arbitraries.of("&", "&", "&", "&", ";", "&&", "&amp;"))
                .as((list, separator) -> String.join(separator, list));
    }

    // ----------------------------------------------------------------------------------- bodies

    /** A body and its {@code isBase64Encoded} flag. */
    record Body(String text, boolean base64) {
    }

    static Arbitrary<Body> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(new Body(null, false))),
                Tuple.of(1, Arbitraries.of(new Body("", false), new Body("", true))),
                Tuple.of(8, Combinators.combine(form(), Arbitraries.of(true, true, true, false))
                        .as((form, b64) -> new Body(b64 ? FuzzRequest.base64(form) : form, b64))),
                Tuple.of(3, randomBytes(0, 2_000).map(bytes -> new Body(Base64.getEncoder().encodeToString(bytes), true))),
                Tuple.of(3, invalidBase64().map(text -> new Body(text, true))),
                Tuple.of(3, garbage().map(text -> new Body(text, false))),
                Tuple.of(1, jsonBodies().map(text -> new Body(text, false))),
                Tuple.of(1, multipartBodies()),
                Tuple.of(1, hugeBodies()));
    }

    /** Bytes from a seeded {@link Random}: large arrays without generating element by element. */
    static Arbitrary<byte[]> randomBytes(int min, int max) {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(min, max))
                .as((seed, size) -> {
                    byte[] bytes = new byte[size];
                    new Random(seed).nextBytes(bytes);
                    return bytes;
                });
    }

    static Arbitrary<String> invalidBase64() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("%%%", "a", "abcde", "YWJj=", "YW=Jj", "====", "=", "Y W J j", "YWJj\n",
                        "YWJj\r\nYWJj", "-_-_", "YWJj!!", "YWJ*", "\uD83D\uDE00", "\u0000", "Y2xpZW50X2lkPWRlbW8tY2xp%",
                        "Y2xpZW50X2lkPWRlbW8tY2xp===", "Y2xpZW50X2lkPWRlbW8tY2xp.", "data:;base64,YWJj")),
                Tuple.of(2, garbage()),
                // valid base64 of invalid UTF-8
                Tuple.of(2, Arbitraries.of(new byte[]{(byte) 0xff}, new byte[]{(byte) 0xc0, (byte) 0xaf},
                                new byte[]{'a', '=', (byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[]{(byte) 0xf8, 1, 2, 3, 4},
                                new byte[]{'a', '=', (byte) 0xe0, (byte) 0x80})
                        .map(b -> Base64.getEncoder().encodeToString(b))),
                // URL-safe alphabet where the standard one is expected
                Tuple.of(1, randomBytes(1, 300).map(b -> Base64.getUrlEncoder().encodeToString(b))));
    }

    static Arbitrary<String> jsonBodies() {
        return Arbitraries.of("{}", "[]", "null", "{", "[", "\"\\ud800\"", "{\"a\":1e99999}",
                "{\"grant_type\":\"" + DEVICE_GRANT + "\",\"device_code\":\"x\",\"client_id\":\"demo-cli\"}",
                "{\"client_id\":\"demo-cli\",\"client_id\":\"evil\"}", "[".repeat(5_000) + "]".repeat(5_000),
                "{\"client_id\":{\"$ne\":null}}");
    }

    static Arbitrary<Body> multipartBodies() {
        String part = "------fuzz\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\ndemo-cli\r\n";
        return Arbitraries.of(
                new Body(part + "------fuzz--\r\n", false),
                new Body(FuzzRequest.base64(part + "------fuzz--\r\n"), true),
                new Body(part, false),
                new Body("------fuzz--", false));
    }

    /** Bodies around and far beyond the size limits: up to ~100 KB. */
    static Arbitrary<Body> hugeBodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, randomBytes(8_000, 100_000).map(b -> new Body(Base64.getEncoder().encodeToString(b), true))),
                Tuple.of(2, Combinators.combine(Arbitraries.integers().between(1_000, 25_000), Arbitraries.of(true, false))
                        .as((n, b64) -> {
                            String form = "client_id=demo-cli&" + "a=b&".repeat(n / 4);
                            return new Body(b64 ? FuzzRequest.base64(form) : form, b64);
                        })),
                Tuple.of(1, longStrings(8_000, 100_000).map(s -> new Body(s, false))));
    }

    // ----------------------------------------------------------------------------------- the rest

    static Arbitrary<String> contentTypes() {
        return Arbitraries.of(
                "application/x-www-form-urlencoded", "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded; charset=UTF-8", "application/x-www-form-urlencoded;charset=ISO-8859-1",
                "application/x-www-form-urlencoded; charset=utf-16", "application/x-www-form-urlencoded; charset=\"x\u00ff\"",
                "application/x-www-form-urlencoded; charset=", "application/x-www-form-urlencoded;;;",
                "APPLICATION/X-WWW-FORM-URLENCODED", " application/x-www-form-urlencoded ",
                "application/x-www-form-urlencoded-evil", "application/x-www-form-urlencoded\u0000",
                "application/json", "application/json; charset=utf-8", "text/plain", "text/html; charset=utf-16",
                "multipart/form-data; boundary=----fuzz", "multipart/form-data", "application/octet-stream",
                "application/xml", "*/*", "", " ", ";", "/", "//", "garbage", "x/y; q=abc", "\u00e9/\u00e9",
                "text/plain; charset=\u00ff\u00fe", "application/x-www-form-urlencoded, application/json");
    }

    static Arbitrary<String> authorizations() {
        Base64.Encoder b = Base64.getEncoder();
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("Basic", "Basic ", "Basic !!!!", "Basic " + b.encodeToString("nocolon".getBytes()),
                        "Basic " + b.encodeToString(":secret".getBytes()), "Basic " + b.encodeToString("demo-cli:".getBytes()),
                        "Basic " + b.encodeToString("demo-cli:wrong".getBytes()), "Basic " + b.encodeToString("%zz:%zz".getBytes()),
                        "Basic " + b.encodeToString("demo-cli%:x%".getBytes()), "Basic " + b.encodeToString(new byte[]{(byte) 0xff, ':', (byte) 0xfe}),
                        "Basic " + b.encodeToString("a:b:c".getBytes()), "basic " + b.encodeToString("demo-cli:x".getBytes()),
                        "BASIC " + b.encodeToString("demo-cli:x".getBytes()), "Basic  " + b.encodeToString("demo-cli:x".getBytes()),
                        "Basic " + b.encodeToString("demo-cli:x".getBytes()) + "====", "Bearer abc", "Digest x", "Negotiate",
                        "Basic " + b.encodeToString(("x".repeat(5_000) + ":y").getBytes()))),
                Tuple.of(2, headerGarbage()),
                Tuple.of(1, headerGarbage().map(g -> "Basic " + g)),
                Tuple.of(1, headerGarbage().map(g -> "Basic " + b.encodeToString(g.getBytes(StandardCharsets.UTF_8)))));
    }

    static Arbitrary<String> forwardedFor() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("203.0.113.9", "203.0.113.9, 198.51.100.23", "::1", "unknown", "999.999.999.999",
                        "'; DROP TABLE grants; --", "1.1.1.1, ".repeat(500) + "2.2.2.2", "")),
                Tuple.of(1, headerGarbage()));
    }

    static Arbitrary<String> accepts() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("application/json", "text/html", "*/*", "", "garbage", "text/html;q=abc",
                        "application/json;charset=\u00fc", "*/*;q=0", "image/png", "a/b, c/d, */*;q=0.1", "text/css",
                        "application/xml;q=1, text/html;q=0", ";", ",", ";;", ",;x", "text/html;", ";q=1")),
                Tuple.of(1, headerGarbage()));
    }

    static Arbitrary<String> origins() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("null", "https://evil.example", Functions.ISSUER, "http://localhost",
                        "http://127.0.0.1:3000", "")),
                Tuple.of(1, headerGarbage()));
    }

    /** Any other header: framing and encoding headers with bad values, and made-up names. */
    static Arbitrary<Map.Entry<String, String>> otherHeaders() {
        Arbitrary<String> names = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("content-length", "transfer-encoding", "content-encoding", "expect",
                        "x-http-method-override", "host", "cookie", "user-agent", "x-amzn-trace-id", "range",
                        "if-none-match", "accept-charset", "accept-encoding", "accept-language", "forwarded",
                        "x-forwarded-proto", "x-forwarded-host", "referer", "content-type", "authorization",
                        "Content-Type", "AUTHORIZATION", "Cookie", "access-control-request-method",
                        "access-control-request-headers", "x-forwarded-port", "x-forwarded-prefix", "x-requested-with",
                        "if-modified-since", "if-match", "connection", "upgrade", "te", "via", "content-range",
                        "content-disposition", "sec-fetch-site", "sec-fetch-mode", "priority")),
                Tuple.of(2, Arbitraries.strings().alpha().numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(20)),
                Tuple.of(1, Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(20)));
        Arbitrary<String> values = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("abc", "-1", "0", "99999999999999999999", "chunked", "gzip", "br, gzip",
                        "100-continue", "DELETE", "bytes=0-0", "cliauth_csrf=x; cliauth_session=y", "for=\"[::1]\"",
                        ";", ",", ";;", ", ,", ";q=1", "utf-16", "x;q=abc", "*;q=0", "en-GB,;q=0.9", ":", "a:", "a:b",
                        "localhost:99999999999", "host=a:b", "host=:;for=x", "for=1.2.3.4;proto=http;host=localhost",
                        "GET", "POST", "get", "FOO", "content-type, x-y", "Thu, 01 Jan 1970 00:00:00 GMT", "\"*\"", "h2c",
                        "bytes 0-0/*", "attachment; filename=\"../x\"", "cross-site")),
                Tuple.of(2, headerGarbage()));
        return Combinators.combine(names, values).as(Map::entry);
    }

    static Arbitrary<Map<String, String>> headers(Target target) {
        Map<String, String> base = sampleHeaders(target);
        return Combinators.combine(contentTypes().injectNull(0.15), authorizations().injectNull(0.6),
                        forwardedFor().injectNull(0.5), accepts().injectNull(0.4), origins().injectNull(0.5),
                        otherHeaders().list().ofMaxSize(3))
                .as((contentType, authorization, xff, accept, origin, others) -> {
                    Map<String, String> h = new LinkedHashMap<>(base);
                    put(h, "content-type", contentType);
                    put(h, "authorization", authorization);
                    put(h, "x-forwarded-for", xff);
                    put(h, "accept", accept);
                    put(h, "origin", origin);
                    others.forEach(e -> h.put(e.getKey(), e.getValue()));
                    return h;
                });
    }

    /** The headers of the target's sample event, as API Gateway sends them. */
    static Map<String, String> sampleHeaders(Target target) {
        return new LinkedHashMap<>(Events.load(target.sampleEvent).build().getHeaders());
    }

    private static void put(Map<String, String> headers, String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
    }

    static Arbitrary<String> methods(String own) {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(own)),
                Tuple.of(6, Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")),
                Tuple.of(2, Arbitraries.of("TRACE", "CONNECT", "get", "post", "Post", "FOO", "", " ", " POST", "POST ",
                        "P0ST", "G\u00c9T", "POST\u0000", "PROPFIND", "M-SEARCH", "GET".repeat(300))),
                Tuple.of(1, garbage()));
    }

    private static final List<String> UNKNOWN_PATHS = List.of(
            "/", "", "/oauth2", "/oauth2/", "/oauth2/token/", "/oauth2/TOKEN", "/OAUTH2/token", "//oauth2/token",
            "/oauth2//token", "/oauth2/token;x=y", "/oauth2/token%00", "/oauth2/token/../jwks", "/oauth2/%74oken",
            "/device/", "/DEVICE", "/device/../oauth2/token", "/device/assets/", "/device/assets",
            "/device/assets/%2e%2e/%2e%2e/etc/passwd", "/device/assets/..%2f..%2fpom.xml", "/device/assets/style.css%00.html",
            "/device/assets/STYLE.CSS", "/device/assets/style.css/", "/device/%zz", "/device/signin/extra",
            "/device/decision/", "/orgs/acme/oauth2/token", "/orgs/../device", "/.well-known/", "/.well-known/jwks.json",
            "/.well-known/oauth-authorization-server/extra", "/favicon.ico", "/admin", "/%", "/%%", "/a b", "/\uD83D\uDE00",
            "/\u0000", "/" + "a".repeat(5_000), "/" + "a/".repeat(2_000), "*", "http://evil.example/", "/?x=1",
            "/#frag", "/device?user_code=BCDF-GHJK", "/device#x", "/{proxy+}", "/device/assets/{name}", "\\device",
            "/device\\signin", "/%2F%2F", "/;", "/.", "/..");

    /** Mostly the route's own path; also other routes' paths, unknown paths and garbage. */
    static Arbitrary<String> paths(SamTemplate.Route route) {
        List<String> others = ROUTES.stream().map(r -> r.path().replace("{proxy+}", "style.css").replace("{orgId}", "acme")
                        .replace("{clientId}", "demo-cli")).distinct().toList();
        return Arbitraries.frequencyOf(
                Tuple.of(10, ownPath(route)),
                Tuple.of(2, Arbitraries.of(others)),
                Tuple.of(3, Arbitraries.of(UNKNOWN_PATHS)),
                Tuple.of(1, garbage().map(g -> "/" + g)));
    }

    private static Arbitrary<String> ownPath(SamTemplate.Route route) {
        if (route.path().contains("{clientId}")) {
            // An application of the fixture mostly; also ids that are none or cannot be one.
            return Arbitraries.frequencyOf(
                    Tuple.of(6, Arbitraries.of("demo-cli", "acme-cli", "demo-confidential")),
                    Tuple.of(2, Arbitraries.of("nope", "DEMO-CLI", "demo-cli/", "demo-cli%00", "..", "%2e%2e", "a".repeat(129),
                            "\uD83D\uDE00", "x".repeat(3_000), "%zz", "demo cli", "demo-cli;x")),
                    Tuple.of(1, garbage()))
                    .flatMap(id -> ownPath(route.path().replace("{clientId}", id)));
        }
        return ownPath(route.path());
    }

    private static Arbitrary<String> ownPath(String path) {
        if (path.contains("{orgId}")) {
            // An org of the fixture mostly; also the default org by name, unknown and malformed ids.
            return Arbitraries.frequencyOf(
                    Tuple.of(6, Arbitraries.just("acme")),
                    Tuple.of(1, Arbitraries.just("default")),
                    Tuple.of(1, Arbitraries.of("nope", "acme-", "a".repeat(63), "cliauth-priming")),
                    Tuple.of(2, Arbitraries.of("ACME", "a".repeat(64), "ac%2Fme", "%2e%2e", "..", ".", "ac me", "acme%00",
                            "\uD83D\uDE00", "x".repeat(3_000), "%zz", "a_b")),
                    Tuple.of(1, garbage()))
                    .map(org -> path.replace("{orgId}", org));
        }
        int proxy = path.indexOf("{proxy+}");
        if (proxy < 0) {
            return Arbitraries.just(path);
        }
        String prefix = path.substring(0, proxy);
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just("style.css")),
                Tuple.of(2, Arbitraries.of("", "STYLE.CSS", "style.css/", "../style.css", "%2e%2e/%2e%2e/etc/passwd",
                        "style.css%00", "a/b/c", "style.css?x", "\uD83D\uDE00.css", "x".repeat(3_000), "%zz", "%",
                        "..%2F..%2Fpom.xml", "style.css;x")),
                Tuple.of(2, garbage()))
                .map(tail -> prefix + tail);
    }

    static Arbitrary<String> queries() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just("")),
                Tuple.of(2, Arbitraries.of("user_code=BCDF-GHJK", "user_code=bcdf%20ghjk", "user_code=",
                        "user_code=BCDF-GHJK&user_code=ZZZZ-ZZZZ", "user_code=BCDF-GHJK&user_code=BCDF-GHJK",
                        "user_code", "=", "&", "&&&", "=&=", "user_code=%", "user_code=%zz", "user_code=%00",
                        "user_code=%C0%AF", "user_code=\uD83D\uDE00", "user_code=" + "A".repeat(10_000), "a=1&a=2",
                        "client_id=demo-cli&client_id=x")),
                Tuple.of(3, form()),
                Tuple.of(2, Arbitraries.strings().ascii().ofMaxLength(60)),
                Tuple.of(1, Arbitraries.of(PERCENT_GARBAGE).map(g -> "user_code=" + g)));
    }

    // ----------------------------------------------------------------------------------- cookies

    private static final String NONCE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    static Arbitrary<String> nonceLike() {
        return Arbitraries.strings().withChars(NONCE_CHARS.toCharArray()).ofLength(32);
    }

    static Arbitrary<String> sessionLike() {
        Arbitrary<String> part = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().withChars(NONCE_CHARS.toCharArray()).ofMaxLength(44)),
                Tuple.of(1, Arbitraries.of("", "v1", "9999999999999", "-1", "!!!", "%%", "=", "\uD83D\uDE00")));
        return Arbitraries.frequencyOf(
                Tuple.of(3, part.list().ofMinSize(1).ofMaxSize(9).map(parts -> String.join(".", parts))),
                Tuple.of(2, part.list().ofSize(6).map(parts -> "v1." + String.join(".", parts))),
                Tuple.of(1, headerGarbage()),
                Tuple.of(1, Arbitraries.of(".", "....", "v1......", "\"\"", "\"v1.a.b.c.d.e.f\"")));
    }

    static Arbitrary<String> cookie() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(Arbitraries.of("__Host-cliauth_csrf=", "cliauth_csrf="),
                        Arbitraries.frequencyOf(Tuple.of(3, nonceLike()), Tuple.of(2, headerGarbage()),
                                Tuple.of(1, nonceLike().map(n -> "\"" + n + "\"")))).as((name, v) -> name + v)),
                Tuple.of(3, sessionLike().map(v -> "__Host-cliauth_session=" + v)),
                Tuple.of(2, Arbitraries.of("", "noequals", "=", "=value", ";", "a=b; c=d", "cliauth_csrf", " cliauth_csrf = x ",
                        "cliauth_csrf=\"", "cliauth_session=\"\"", "cliauth_session=", "cliauth_csrf=;cliauth_csrf=x", "__Host-cliauth_csrf=a; __Host-cliauth_csrf=b",
                        "CLIAUTH_SESSION=x", "cliauth_session=a=b=c", "$Version=1; cliauth_csrf=x")),
                Tuple.of(2, Combinators.combine(headerGarbage(), headerGarbage()).as((k, v) -> k + "=" + v)),
                Tuple.of(1, longStrings(1_000, 12_000).map(v -> "__Host-cliauth_session=" + v)));
    }

    static Arbitrary<List<String>> cookies() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just((List<String>) null)),
                Tuple.of(1, Arbitraries.just(List.of())),
                Tuple.of(6, cookie().list().ofMinSize(1).ofMaxSize(6)),
                Tuple.of(1, cookie().list().ofMinSize(50).ofMaxSize(250)));
    }
}
