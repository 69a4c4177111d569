package dev.cliauth.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static dev.cliauth.fuzz.RequestArbitraries.enc;

/**
 * One part of a valid request flipped: a form field dropped, repeated, renamed or spoiled, or the
 * method, path, content type, encoding, a header, the cookies or the query changed.
 */
final class Mutations {

    private Mutations() {
    }

    /**
     * A valid form post: what the mutations start from.
     *
     * @param params the form's {@code name=value} pairs, already encoded
     */
    record Valid(Target target, String path, List<String> params, Map<String, String> headers, List<String> cookies) {

        FuzzRequest request() {
            return FuzzRequest.form(target, path, headers, cookies, String.join("&", params));
        }

        FuzzRequest withParams(List<String> changed) {
            return new Valid(target, path, changed, headers, cookies).request();
        }
    }

    /** A named change of a valid request; the name is what a failure report shows. */
    record Mutation(String name, Function<Valid, FuzzRequest> change) {

        FuzzRequest applyTo(Valid valid) {
            return change.apply(valid);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Arbitrary<Mutation> mutations() {
        return Arbitraries.frequencyOf(Tuple.of(1, formMutations()), Tuple.of(1, requestMutations()));
    }

    private static Mutation form(String name, Function<List<String>, List<String>> change) {
        return new Mutation(name, valid -> valid.withParams(change.apply(new ArrayList<>(valid.params()))));
    }

    private static Mutation request(String name, Function<FuzzRequest, FuzzRequest> change) {
        return new Mutation(name, valid -> change.apply(valid.request()));
    }

    private static String name(String field) {
        int eq = field.indexOf('=');
        return eq < 0 ? field : field.substring(0, eq);
    }

    private static Arbitrary<Integer> index() {
        return Arbitraries.integers().between(0, 7);
    }

    private static Arbitrary<Mutation> formMutations() {
        return Arbitraries.oneOf(
                index().map(i -> form("drop field #" + i, p -> {
                    p.remove(i % p.size());
                    return p;
                })),
                index().map(i -> form("repeat field #" + i, p -> {
                    p.add(p.get(i % p.size()));
                    return p;
                })),
                Combinators.combine(index(), RequestArbitraries.formValue()).as((i, v) -> form(
                        "repeat field #" + i + " with value " + FuzzRequest.show(v), p -> {
                            p.add(name(p.get(i % p.size())) + "=" + v);
                            return p;
                        })),
                Combinators.combine(index(), RequestArbitraries.formValue()).as((i, v) -> form(
                        "value of field #" + i + " := " + FuzzRequest.show(v), p -> {
                            p.set(i % p.size(), name(p.get(i % p.size())) + "=" + v);
                            return p;
                        })),
                Combinators.combine(index(), RequestArbitraries.formKey()).as((i, k) -> form(
                        "name of field #" + i + " := " + FuzzRequest.show(k), p -> {
                            String field = p.get(i % p.size());
                            p.set(i % p.size(), k + field.substring(name(field).length()));
                            return p;
                        })),
                Combinators.combine(index(), RequestArbitraries.formKey(), RequestArbitraries.formValue()).as((i, k, v) -> form(
                        "insert field " + FuzzRequest.show(k + "=" + v) + " at #" + i, p -> {
                            p.add(i % (p.size() + 1), k + "=" + v);
                            return p;
                        })),
                Combinators.combine(index(), RequestArbitraries.garbage()).as((i, g) -> form(
                        "field #" + i + " := raw " + FuzzRequest.show(g), p -> {
                            p.set(i % p.size(), g);
                            return p;
                        })),
                Combinators.combine(index(), Arbitraries.of("%", "%zz", "%00", "%C0%AF", "%ED%A0%80", "%FF", "\u00e9", "+", "%2"))
                        .as((i, g) -> form("append " + g + " to field #" + i, p -> {
                            p.set(i % p.size(), p.get(i % p.size()) + g);
                            return p;
                        })),
                Arbitraries.integers().between(25, 60).map(n -> form("add " + n + " fields", p -> {
                    for (int k = 0; k < n; k++) {
                        p.add("x" + k + "=" + k);
                    }
                    return p;
                })),
                Combinators.combine(index(), Arbitraries.integers().between(4_000, 100_000)).as((i, n) -> form(
                        "pad field #" + i + " by " + n + " chars", p -> {
                            p.set(i % p.size(), p.get(i % p.size()) + "a".repeat(n));
                            return p;
                        })),
                index().map(i -> form("field #" + i + " without '='", p -> {
                    String field = p.get(i % p.size());
                    p.set(i % p.size(), field.replace("=", ""));
                    return p;
                })),
                index().map(i -> form("field #" + i + " name upper-cased", p -> {
                    String field = p.get(i % p.size());
                    p.set(i % p.size(), name(field).toUpperCase(Locale.ROOT) + field.substring(name(field).length()));
                    return p;
                })),
                Arbitraries.of("&", "&&", "=", "&=&", ";", "%26").map(s -> form("join fields with " + s, p -> {
                    String joined = String.join(s, p);
                    return List.of(joined);
                })));
    }

    private static Arbitrary<Mutation> requestMutations() {
        return Arbitraries.oneOf(
                RequestArbitraries.methods("POST").map(m -> request("method := " + FuzzRequest.show(m), r -> r.withMethod(m))),
                Arbitraries.oneOf(RequestArbitraries.ROUTES.stream().map(RequestArbitraries::paths).toList())
                        .map(p -> request("path := " + FuzzRequest.show(p), r -> r.withPath(p))),
                RequestArbitraries.contentTypes().injectNull(0.2).map(t -> request(
                        "content-type := " + (t == null ? "none" : FuzzRequest.show(t)), r -> r.withHeader("content-type", t))),
                Arbitraries.just(request("body sent as text, not base64", r ->
                        r.withBody(new String(Base64.getDecoder().decode(r.body()), StandardCharsets.UTF_8), false))),
                Arbitraries.just(request("base64 flag dropped", r -> r.withBody(r.body(), false))),
                Combinators.combine(Arbitraries.integers().between(0, 400), Arbitraries.of('%', '!', '*', '~', ' ', '=', '-', '_', '\n', '.'))
                        .as((at, c) -> request("base64 char #" + at + " := " + FuzzRequest.show(String.valueOf(c)), r -> {
                            char[] chars = r.body().toCharArray();
                            chars[at % chars.length] = c;
                            return r.withBody(new String(chars), true);
                        })),
                Arbitraries.integers().between(1, 3).map(n -> request("base64 cut by " + n, r ->
                        r.withBody(r.body().substring(0, r.body().length() - n), true))),
                RequestArbitraries.bodies().map(b -> request("body := " + (b.text() == null ? "none" : FuzzRequest.show(b.text())),
                        r -> r.withBody(b.text(), b.base64()))),
                RequestArbitraries.authorizations().map(a -> request("authorization := " + FuzzRequest.show(a),
                        r -> r.withHeader("authorization", a))),
                RequestArbitraries.forwardedFor().map(x -> request("x-forwarded-for := " + FuzzRequest.show(x),
                        r -> r.withHeader("x-forwarded-for", x))),
                RequestArbitraries.accepts().map(a -> request("accept := " + FuzzRequest.show(a), r -> r.withHeader("accept", a))),
                RequestArbitraries.origins().map(o -> request("origin := " + FuzzRequest.show(o), r -> r.withHeader("origin", o))),
                RequestArbitraries.otherHeaders().map(h -> request("header " + FuzzRequest.show(h.getKey()) + " := "
                        + FuzzRequest.show(h.getValue()), r -> r.withHeader(h.getKey(), h.getValue()))),
                RequestArbitraries.cookies().map(c -> request("cookies := " + (c == null ? "none" : FuzzRequest.show(c.toString())),
                        r -> r.withCookies(c))),
                RequestArbitraries.cookie().map(c -> request("add cookie " + FuzzRequest.show(c), r -> {
                    List<String> cookies = r.cookies() == null ? new ArrayList<>() : new ArrayList<>(r.cookies());
                    cookies.add(c);
                    return r.withCookies(cookies);
                })),
                RequestArbitraries.cookie().map(c -> request("prepend cookie " + FuzzRequest.show(c), r -> {
                    List<String> cookies = r.cookies() == null ? new ArrayList<>() : new ArrayList<>(r.cookies());
                    cookies.add(0, c);
                    return r.withCookies(cookies);
                })),
                Arbitraries.just(request("cookie values quoted", r -> r.withCookies(r.cookies() == null ? null
                        : r.cookies().stream().map(c -> c.replaceFirst("=", "=\"") + "\"").toList()))),
                RequestArbitraries.queries().map(q -> request("query := " + FuzzRequest.show(q), r -> r.withQuery(q))),
                RequestArbitraries.formValue().map(v -> request("query user_code := " + FuzzRequest.show(v),
                        r -> r.withQuery("user_code=" + v + "&user_code=" + enc("BCDF-GHJK")))));
    }
}
