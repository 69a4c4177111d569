package dev.cliauth.store;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.net.URI;

import java.util.function.Supplier;

/**
 * The DynamoDB client's HTTP layer: the real client (url-connection in Lambda; an in-process
 * engine in tests and local mode); while {@link PrimingMode} is active, the real url-connection
 * client sent to the loopback stand-in, or the stand-in in-process for a shared in-process client;
 * and a fresh real client after a SnapStart restore ({@link #reset}), so no connection opened
 * before the snapshot is shared by the instances restored from it.
 */
public final class DynamoTransport implements SdkHttpClient {

    private final Supplier<SdkHttpClient> factory;
    private final boolean owned;
    private final PrimingMode priming;
    private volatile SdkHttpClient real;

    /**
     * @param factory makes the real client
     * @param owned   whether each client the factory makes belongs to this transport (closed on
     *                reset), or is one client shared with others (an in-process engine) and kept
     * @param priming whether requests go to the priming responder instead
     */
    DynamoTransport(Supplier<SdkHttpClient> factory, boolean owned, PrimingMode priming) {
        this.factory = factory;
        this.owned = owned;
        this.priming = priming;
        this.real = factory.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        PrimingResponder responder = priming.responder();
        if (responder == null) {
            return real.prepareRequest(request);
        }
        if (!owned) {
            // A client shared with others (an in-process engine) must not see priming's requests.
            return responder.prepareRequest(request);
        }
        URI loopback = priming.loopback();
        SdkHttpRequest.Builder toStandIn = request.httpRequest().toBuilder()
                .protocol(loopback.getScheme()).host(loopback.getHost()).port(loopback.getPort());
        if (priming.closing()) {
            toStandIn.putHeader("Connection", "close");
        }
        HttpExecuteRequest.Builder rerouted = HttpExecuteRequest.builder().request(toStandIn.build())
                .contentStreamProvider(request.contentStreamProvider().orElse(null));
        request.metricCollector().ifPresent(rerouted::metricCollector);
        return real.prepareRequest(rerouted.build());
    }

    /** Closes the real client, with any pooled connection, and starts a new one. */
    public synchronized void reset() {
        if (owned) {
            SdkHttpClient old = real;
            real = factory.get();
            old.close();
        }
    }

    @Override
    public String clientName() {
        return real.clientName();
    }

    @Override
    public void close() {
        if (owned) {
            real.close();
        }
    }
}
