package dev.cliauth.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Deployment-wide settings.
 *
 * @param issuer public base URL (RFC 8414 issuer) of the default org; when unset it is derived
 *               from the API Gateway domain name of the request
 * @param table  name of the DynamoDB table
 */
@ConfigurationProperties("cliauth")
public record ServiceSettings(@Nullable String issuer, @Bindable(defaultValue = "cliauth") String table) {

    public ServiceSettings {
        if (issuer != null && !issuer.isBlank() && !isBaseUrl(issuer)) {
            // RFC 8414 §2: "a URL that uses the https scheme and has no query or fragment components"
            // (http too, for local mode); it is the base of every URL the service hands out.
            throw new IllegalArgumentException("cliauth.issuer must be an absolute http(s) URL without query or fragment,"
                    + " such as https://auth.example.com, got " + issuer);
        }
    }

    private static boolean isBaseUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
