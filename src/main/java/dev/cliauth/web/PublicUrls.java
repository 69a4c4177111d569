package dev.cliauth.web;

import dev.cliauth.config.ServiceSettings;
import dev.cliauth.org.OrgPaths;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.regex.Pattern;

/**
 * The public base URL (issuer, RFC 8414 §2) of a request: {@code cliauth.issuer} when set, else
 * the API Gateway domain name the request arrived on. Org-scoped paths add {@code /orgs/{org}}.
 */
@Singleton
public class PublicUrls {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");

    private final String configured;

    public PublicUrls(ServiceSettings settings) {
        String issuer = settings.issuer();
        this.configured = issuer == null || issuer.isBlank() ? null
                : issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    /** The base URL of the deployment. */
    public String base(WebRequest request) {
        if (configured != null) {
            return configured;
        }
        String domain = request.domainName();
        if (!isHost(domain)) {
            throw new IllegalStateException("no issuer: set cliauth.issuer");
        }
        return "https://" + domain;
    }

    /**
     * Whether {@code domainName} can stand in a URL as its host (and port): what API Gateway sends
     * as the request's domain name. The Lambda adapter refuses an event whose domain name is not.
     */
    public static boolean isHost(@Nullable String domainName) {
        return domainName != null && HOST.matcher(domainName).matches();
    }

    /** The issuer of {@code org}. */
    public String issuer(WebRequest request, String org) {
        return base(request) + OrgPaths.prefix(org);
    }

    /** Whether every page is served over HTTPS: no issuer is configured (API Gateway's domain) or it is https. */
    public boolean httpsOnly() {
        return configured == null || configured.startsWith("https://");
    }

    /** Whether cookies can be {@code Secure} (and {@code __Host-}): anything but plain-HTTP localhost. */
    public boolean secure(WebRequest request) {
        String base = base(request);
        return !(base.startsWith("http://localhost") || base.startsWith("http://127.0.0.1"));
    }
}
