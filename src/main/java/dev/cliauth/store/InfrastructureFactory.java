package dev.cliauth.store;

import dev.cliauth.config.DynamoDbSettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * Infrastructure beans for every function: one DynamoDB client (bounded retries and timeouts,
 * credentials resolved lazily from Lambda's container endpoint or the environment), its HTTP
 * transport, the clock and the random source. Built here rather than by
 * {@code micronaut-aws-sdk-v2}, which costs each function about a second of cold start.
 */
@Factory
public class InfrastructureFactory {

    /**
     * The HTTP layer of the DynamoDB client: an {@link SdkHttpClient} bean when the context has one
     * (an in-process engine in tests and local mode), else the lean url-connection client.
     */
    @Singleton
    @Bean(typed = DynamoTransport.class)
    DynamoTransport dynamoTransport(DynamoDbSettings settings, PrimingMode priming, @Nullable SdkHttpClient provided) {
        if (provided != null) {
            return new DynamoTransport(() -> provided, false, priming);
        }
        return new DynamoTransport(() -> UrlConnectionHttpClient.builder()
                .connectionTimeout(settings.attemptTimeout())
                .socketTimeout(settings.attemptTimeout())
                .build(), true, priming);
    }

    @Singleton
    DynamoDbClient dynamoDbClient(DynamoDbSettings settings, List<ExecutionInterceptor> interceptors,
                                  DynamoTransport transport, PrimingMode priming) {
        boolean localEndpoint = settings.endpoint() != null && !settings.endpoint().isBlank();
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(transport)
                .credentialsProvider(new DynamoCredentials(localEndpoint, priming))
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
        } else if (localEndpoint) {
            builder.region(localRegion());
        }
        if (localEndpoint) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return builder.build();
    }

    /** With a local endpoint: {@code AWS_REGION} (or {@code aws.region}) when set, else us-east-1. */
    private static Region localRegion() {
        try {
            return new SystemSettingsRegionProvider().getRegion();
        } catch (SdkClientException none) {
            return Region.US_EAST_1;
        }
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
