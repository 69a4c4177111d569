package dev.cliauth.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handler classes shaped as {@link LocalServer} expects them (a payload-2.0 {@link RequestHandler}
 * with a {@code (Map, Object...)} constructor), so its HTTP behaviour is tested apart from the real
 * functions, and a template.yaml that routes to them.
 */
final class StubHandlers {

    private StubHandlers() {
    }

    /** Answers 200 with the size of the body it was given. */
    public static final class Echo implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
            AutoCloseable {

        static final AtomicInteger CLOSED = new AtomicInteger();

        public Echo(Map<String, Object> properties, Object... singletons) {
        }

        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            int size = event.getBody() == null ? 0
                    : event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody()).length
                    : event.getBody().getBytes(StandardCharsets.UTF_8).length;
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                    .withHeaders(Map.of("content-type", "text/plain"))
                    .withBody("got " + size + " bytes").build();
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    /** Fails as a handler can: {@code /broken/throws}, {@code /broken/null}, {@code /broken/status-0}. */
    public static final class Broken implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

        public Broken(Map<String, Object> properties, Object... singletons) {
        }

        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            return switch (event.getRawPath()) {
                case "/broken/null" -> null;
                case "/broken/status-0" -> APIGatewayV2HTTPResponse.builder().withStatusCode(0).build();
                default -> throw new IllegalStateException("broken on purpose");
            };
        }
    }

    /** Refuses its settings at start, as the real functions' configuration checks do. */
    public static final class Refusing implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

        public Refusing(Map<String, Object> properties, Object... singletons) {
            throw new IllegalStateException("context did not start",
                    new IllegalArgumentException("cliauth.stub.limit must be between 1 and 10, got 0"));
        }

        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            throw new AssertionError("never started");
        }
    }

    /** A template.yaml in {@code dir} with one function per handler class and the given routes. */
    static SamTemplate template(Path dir, String... routes) {
        StringBuilder yaml = new StringBuilder("Resources:\n");
        int n = 0;
        for (String route : routes) {
            String[] parts = route.split(" ");   // "GET /echo Echo"
            yaml.append("  Function").append(++n).append(":\n")
                    .append("    Type: AWS::Serverless::Function\n")
                    .append("    Properties:\n")
                    .append("      Handler: ").append(StubHandlers.class.getName()).append('$').append(parts[2])
                    .append("::handleRequest\n")
                    .append("      Events:\n")
                    .append("        Route:\n")
                    .append("          Type: HttpApi\n")
                    .append("          Properties:\n")
                    .append("            Path: ").append(parts[1]).append('\n')
                    .append("            Method: ").append(parts[0]).append('\n');
        }
        Path file = dir.resolve("template.yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SamTemplate.load(file);
    }
}
