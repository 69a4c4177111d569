package dev.cliauth.store;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.lambda.TokenHandler;
import dev.cliauth.testing.Events;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@link LambdaCredentialsTest}'s child JVM: the token function built with Lambda's own
 * constructor (settings and credentials from the environment only) and primed as SnapStart does
 * (both callbacks), which says when init and priming are done, waits for a line on standard input,
 * then serves one token poll.
 */
public final class LambdaCredentialsChild {

    private LambdaCredentialsChild() {
    }

    public static void main(String[] args) throws Exception {
        TokenHandler handler = new TokenHandler();
        handler.priming().beforeCheckpoint(null);
        handler.priming().afterRestore(null);
        System.out.println("INIT-DONE");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        APIGatewayV2HTTPResponse response = handler.handleRequest(Events.load("token-poll")
                .form("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"
                        + "&device_code=" + "A".repeat(43) + "&client_id=demo-cli").build(), null);
        System.out.println("STATUS " + response.getStatusCode());
        System.out.flush();
        System.exit(0);
    }
}
