package dev.cliauth.local.dynamo;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An {@link SdkHttpClient} that hands each request to a {@link DynamoEngine} in this JVM: no socket,
 * but the SDK's marshalling, signing, retries, error mapping and interceptors all run as against
 * the service. Tests and local mode give it to the handlers as a bean ({@code InfrastructureFactory}
 * uses an {@code SdkHttpClient} bean when the context has one). The SDK does not close an HTTP
 * client it was given, so one instance serves many service clients.
 */
public final class InProcessHttpClient implements SdkHttpClient {

    private final DynamoEngine engine;

    public InProcessHttpClient(DynamoEngine engine) {
        this.engine = engine;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                byte[] body;
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        body = in.readAllBytes();
                    }
                } else {
                    body = new byte[0];
                }
                String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse(null);
                DynamoEngine.Reply reply = engine.handle(target, body);
                SdkHttpResponse response = SdkHttpResponse.builder()
                        .statusCode(reply.status())
                        .putHeader("Content-Type", DynamoEngine.CONTENT_TYPE)
                        .putHeader("Content-Length", Integer.toString(reply.body().length))
                        .build();
                return HttpExecuteResponse.builder()
                        .response(response)
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(reply.body())))
                        .build();
            }

            @Override
            public void abort() {
                // The call runs on the caller's thread and ends on its own.
            }
        };
    }

    @Override
    public String clientName() {
        return "cliauth-in-process";
    }

    @Override
    public void close() {
        // Nothing held: the engine outlives its clients.
    }
}
