package dev.cliauth.upstream;

import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * An org's company sign-in ({@code UPSTREAM#org}, written by the admin tool).
 *
 * @param org                   the org it signs people in to
 * @param displayName           what the button says after "Sign in with"
 * @param issuer                the provider's issuer; its discovery document must name exactly this one
 * @param authorizationEndpoint the provider's authorization endpoint as discovered when it was
 *                              configured: the only other place the pages' forms may lead (CSP
 *                              {@code form-action}); a provider that later names another is refused
 * @param clientId              cliauth's client id at the provider
 * @param clientSecret          its secret, when the provider made it a confidential client
 * @param allowedDomains        the email domains that may sign in, lower case, exact (no subdomains)
 */
public record UpstreamConfig(String org, String displayName, String issuer, String authorizationEndpoint, String clientId,
                             @Nullable String clientSecret, List<String> allowedDomains) {

    public UpstreamConfig {
        allowedDomains = List.copyOf(allowedDomains);
    }

    /** Whether {@code email}'s domain is one of the allowed ones (exactly; {@code a.acme.com} is not {@code acme.com}). */
    public boolean allows(String email) {
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            return false;
        }
        return allowedDomains.contains(email.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    /** The origin the sign-in form posts lead to in the end, for the pages' CSP. */
    public String authorizationOrigin() {
        return origin(authorizationEndpoint);
    }

    /** {@code scheme://host[:port]} of {@code url}. */
    static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    /**
     * Whether {@code url} may be one of a provider's endpoints: https, or http on a loopback host
     * (a provider on the same machine, as in local mode and the tests).
     */
    public static boolean acceptableEndpoint(@Nullable String url) {
        if (url == null || url.length() > 2048) {
            return false;
        }
        try {
            URI u = new URI(url);
            if (u.getHost() == null || u.getRawUserInfo() != null || u.getRawFragment() != null) {
                return false;
            }
            String host = u.getHost();
            boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
            return "https".equals(u.getScheme()) || ("http".equals(u.getScheme()) && loopback);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /**
     * Whether {@code url} may be an endpoint of this provider: {@link #acceptableEndpoint}, and
     * plain http only for a provider whose issuer is itself plain http on loopback (local mode, the
     * tests). An https provider cannot send cliauth to http://127.0.0.1 — in Lambda, the runtime API.
     */
    public boolean acceptsEndpoint(@Nullable String url) {
        return acceptableEndpoint(url) && (url.startsWith("https://") || !issuer.startsWith("https://"));
    }

    @Override
    public String toString() {
        return "UpstreamConfig[" + org + ", " + issuer + ", " + clientId + "]";   // never the secret
    }
}
