package dev.cliauth.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Deployment-wide settings.
 *
 * @param issuer public base URL (RFC 8414 issuer) of the default org; when unset it is derived
 *               from the API Gateway domain name of the request
 * @param table  name of the DynamoDB table
 */
@ConfigurationProperties("cliauth")
public record ServiceSettings(@Nullable String issuer, @Bindable(defaultValue = "cliauth") String table) {
}
