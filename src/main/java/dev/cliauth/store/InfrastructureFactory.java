package dev.cliauth.store;

import dev.cliauth.config.DynamoDbSettings;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * Infrastructure beans for every function: one DynamoDB client (url-connection HTTP client,
 * bounded retries and timeouts), the clock and the random source. Built here rather than by
 * {@code micronaut-aws-sdk-v2}, which costs each function about a second of cold start.
 */
@Factory
public class InfrastructureFactory {

    @Singleton
    DynamoDbClient dynamoDbClient(DynamoDbSettings settings, List<ExecutionInterceptor> interceptors) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.attemptTimeout())
                        .socketTimeout(settings.attemptTimeout())
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts())
                                .build())
                        .apiCallAttemptTimeout(settings.attemptTimeout())
                        .apiCallTimeout(settings.callTimeout())
                        .executionInterceptors(interceptors)
                        .build());
        if (settings.region() != null && !settings.region().isBlank()) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
            builder.credentialsProvider(localCredentials());
            if (settings.region() == null || settings.region().isBlank()) {
                builder.region(Region.US_EAST_1);
            }
        } else {
            builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider localCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    /**
     * The random source. The default {@link SecureRandom} on Linux mixes in {@code /dev/urandom} on
     * every call, so instances restored from one SnapStart snapshot do not repeat each other.
     */
    @Singleton
    @Requires(missingBeans = SecureRandom.class)
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Singleton
    @Requires(missingBeans = Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }
}
