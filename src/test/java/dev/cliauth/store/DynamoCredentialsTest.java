package dev.cliauth.store;

import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which credentials source a function picks, from what its environment holds (SPEC §12). */
class DynamoCredentialsTest {

    private static DynamoCredentials credentials(boolean localEndpoint, Map<String, String> environment) {
        return new DynamoCredentials(localEndpoint, new PrimingMode(JsonMapper.createDefault()),
                DynamoCredentials.environmentOf(environment));
    }

    @Test
    void containerEndpointWhenLambdaProvidesOneEvenBesideEnvironmentKeys() {
        assertThat(credentials(false, Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/c",
                "AWS_ACCESS_KEY_ID", "AKIA")).choose()).isInstanceOf(ContainerCredentialsProvider.class);
        assertThat(credentials(false, Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/c")).choose())
                .isInstanceOf(ContainerCredentialsProvider.class);
    }

    @Test
    void environmentWithoutContainerEndpoint() {
        assertThat(credentials(false, Map.of("AWS_ACCESS_KEY_ID", "AKIA")).choose())
                .isInstanceOf(EnvironmentVariableCredentialsProvider.class);
    }

    @Test
    void dummyCredentialsOnlyWithALocalEndpointAndNothingElse() {
        assertThat(credentials(true, Map.of()).choose()).isInstanceOf(StaticCredentialsProvider.class);
        assertThat(credentials(false, Map.of()).choose()).as("a deployment never signs with dummy credentials")
                .isInstanceOf(SystemPropertyCredentialsProvider.class);
    }

    @Test
    void primingSignsWithThrowawayCredentialsAndAsksNoSource() {
        PrimingMode priming = new PrimingMode(JsonMapper.createDefault());
        DynamoCredentials credentials = new DynamoCredentials(false, priming,
                DynamoCredentials.environmentOf(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/c")));
        priming.begin(Map.of());
        try {
            assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo("priming");
        } finally {
            priming.end();
        }
    }
}
