package dev.cliauth.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of the DynamoDB client. While active, the client's requests never leave the
 * machine: {@link PrimingResponder} answers them from a throwaway fixture and performs no write,
 * through the real url-connection client and a loopback {@link PrimingServer} where that is the
 * transport (Lambda), in-process otherwise (an in-process engine in tests); and
 * {@link DynamoCredentials} signs with throwaway credentials. So priming runs the SDK's and the
 * HTTP client's whole request and response path, writes nothing anywhere, resolves no real
 * credentials, and leaves no connection open for a restored snapshot to share.
 */
@Singleton
public class PrimingMode {

    private final JsonMapper json;
    private volatile PrimingResponder responder;
    private volatile PrimingServer server;

    public PrimingMode(JsonMapper json) {
        this.json = json;
    }

    /** Starts priming with these items readable by key ({@code pk}). */
    public synchronized void begin(Map<String, Map<String, AttributeValue>> fixture) {
        if (responder != null) {
            throw new IllegalStateException("priming already active");
        }
        responder = new PrimingResponder(fixture, json);
    }

    /**
     * The stand-in on a loopback port, for a transport whose real client should carry priming's
     * requests; started at the first call of a priming, stopped when it ends.
     */
    synchronized java.net.URI loopback() {
        PrimingResponder current = responder;
        if (current == null) {
            throw new IllegalStateException("not priming");
        }
        if (server == null) {
            server = new PrimingServer(current);
        }
        return server.endpoint();
    }

    /** Ends priming; returns the operations the client sent while it lasted, writes marked as not performed. */
    public synchronized List<String> end() {
        PrimingResponder ending = responder;
        responder = null;
        closing = false;
        if (server != null) {
            server.close();
            server = null;
        }
        return ending == null ? List.of() : ending.operations();
    }

    public boolean active() {
        return responder != null;
    }

    private volatile boolean closing;

    /**
     * From now until priming ends, requests to the loopback stand-in ask it to close the
     * connection: one request then takes the pooled connection priming left and closes it.
     */
    public void closeConnections() {
        closing = true;
    }

    boolean closing() {
        return closing;
    }

    @Nullable
    PrimingResponder responder() {
        return responder;
    }
}
