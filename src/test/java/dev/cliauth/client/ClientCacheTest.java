package dev.cliauth.client;

import dev.cliauth.testing.CallCounter;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Made-up client ids can neither flush the warm cache of real clients nor grow it past its bound. */
class ClientCacheTest {

    /** An unknown client id: invalid_client, 400 (it sent no credentials to fail). */
    private static final int UNKNOWN = 400;

    @Test
    void madeUpClientIdsCostOneReadEachAndNeverPushOutARealClient() {
        CallCounter counter = new CallCounter();
        try (Functions functions = Functions.start(Map.of(), counter)) {
            assertThat(authorize(functions, "demo-cli")).isEqualTo(200);
            assertThat(Functions.json(Functions.invoke(functions.deviceAuthorization, Events.load("device-authorization")
                    .form("client_id=made-up&scope=openid").build()))).containsEntry("error", "invalid_client");
            for (int i = 0; i < 2_500; i++) {
                assertThat(authorize(functions, "made-up-" + i)).isEqualTo(UNKNOWN);
            }
            counter.reset();
            assertThat(authorize(functions, "demo-cli")).isEqualTo(200);
            assertThat(counter.calls()).as("the real client is still cached").containsExactly("TransactWriteItems");

            counter.reset();
            assertThat(authorize(functions, "made-up-2499")).isEqualTo(UNKNOWN);
            assertThat(counter.calls()).as("a made-up id asked again is remembered as absent").isEmpty();
            ClientRepository clients = functions.deviceAuthorization.context().getBean(ClientRepository.class);
            assertThat(clients.cachedUnknown()).as("bounded").isLessThanOrEqualTo(1_000);
        }
    }

    private static int authorize(Functions functions, String clientId) {
        return Functions.invoke(functions.deviceAuthorization, Events.load("device-authorization")
                .form("client_id=" + clientId + "&scope=openid").build()).getStatusCode();
    }
}
