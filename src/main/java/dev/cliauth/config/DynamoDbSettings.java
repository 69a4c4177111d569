package dev.cliauth.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How the functions reach DynamoDB. Retries and timeouts are bounded so a request always ends
 * well inside the Lambda timeout.
 *
 * @param endpoint       endpoint override (local mode and tests); the regional endpoint when unset
 * @param region         region override; {@code AWS_REGION} when unset
 * @param maxAttempts    attempts per call, first one included
 * @param attemptTimeout limit for one HTTP attempt
 * @param callTimeout    limit for a call with all its retries
 */
@ConfigurationProperties("cliauth.dynamodb")
public record DynamoDbSettings(
        @Nullable String endpoint,
        @Nullable String region,
        @Bindable(defaultValue = "3") int maxAttempts,
        @Bindable(defaultValue = "1s") Duration attemptTimeout,
        @Bindable(defaultValue = "3s") Duration callTimeout) {

    public DynamoDbSettings {
        Require.between(maxAttempts, 1, 10, "cliauth.dynamodb.max-attempts");
        Require.positive(attemptTimeout, "cliauth.dynamodb.attempt-timeout");
        Require.positive(callTimeout, "cliauth.dynamodb.call-timeout");
    }
}
