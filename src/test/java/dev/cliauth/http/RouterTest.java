package dev.cliauth.http;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {

    /** Records what the router asked it to render. */
    private static final class RecordingFailures implements Failures {
        final List<String> calls = new ArrayList<>();

        @Override
        public Response rejected(int status, String reason) {
            calls.add("rejected " + status);
            return Response.status(status);
        }

        @Override
        public Response noRoute(int status, String allow) {
            calls.add("noRoute " + status + " [" + allow + "]");
            return Response.status(status);
        }

        @Override
        public Response failed(Request request, RuntimeException exception) {
            calls.add("failed " + exception.getClass().getSimpleName());
            return Response.status(500);
        }
    }

    private final RecordingFailures failures = new RecordingFailures();
    private final Router router = new Router(List.of(
            () -> List.of(Route.get("/device", r -> Response.ok("entry")), Route.post("/device", r -> Response.ok("submit"))),
            () -> List.of(Route.get("/device/assets/*", r -> Response.ok("asset " + r.path())),
                    Route.post("/boom", r -> {
                        throw new IllegalStateException("secret detail");
                    }))),
            failures);

    private static Request request(String method, String path) {
        return new Request(method, path, Map.of(), List.of(), "", "", "192.0.2.1", "", null);
    }

    @Test
    void serveWhenMethodAndPathMatchThenThatEndpointAnswers() {
        assertThat(router.serve(request("GET", "/device")).body()).isEqualTo("entry");
        assertThat(router.serve(request("POST", "/device")).body()).isEqualTo("submit");
        assertThat(failures.calls).isEmpty();
    }

    @Test
    void serveWhenPrefixRouteThenOnlyPathsBelowItMatch() {
        assertThat(router.serve(request("GET", "/device/assets/style.css")).body()).isEqualTo("asset /device/assets/style.css");
        assertThat(router.serve(request("GET", "/device/assets/a/b")).status()).isEqualTo(200);
        assertThat(router.serve(request("GET", "/device/assets/")).status()).isEqualTo(404);
        assertThat(router.serve(request("GET", "/device/assets")).status()).isEqualTo(404);
        assertThat(router.serve(request("GET", "/device/assetsx")).status()).isEqualTo(404);
        assertThat(router.serve(request("GET", "/device/")).status()).isEqualTo(404);
    }

    @Test
    void serveWhenPathKnownButMethodNotThen405WithAllowedMethods() {
        assertThat(router.serve(request("DELETE", "/device")).status()).isEqualTo(405);
        assertThat(router.serve(request("HEAD", "/device/assets/style.css")).status()).isEqualTo(405);
        assertThat(failures.calls).containsExactly("noRoute 405 [GET, POST]", "noRoute 405 [GET]");
    }

    @Test
    void serveWhenUnknownPathThen404() {
        assertThat(router.serve(request("GET", "/nope")).status()).isEqualTo(404);
        assertThat(failures.calls).containsExactly("noRoute 404 []");
    }

    @Test
    void serveWhenEndpointThrowsThenFailuresRenderIt() {
        assertThat(router.serve(request("POST", "/boom")).status()).isEqualTo(500);
        assertThat(failures.calls).containsExactly("failed IllegalStateException");
    }
}
