package dev.cliauth.client;

import dev.cliauth.code.DeviceCode;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.protocol.OAuthError;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Identifies the client of a token-endpoint request (RFC 6749 §2.3, §3.2.1): a public client by
 * {@code client_id}, a confidential one by {@code client_secret_basic} or {@code client_secret_post}.
 * Any failure is {@code invalid_client}, 401 when the client tried to authenticate.
 */
@Singleton
@Requires(env = {"device-authorization", "token"})
public class ClientAuthenticator {

    private final ClientRepository clients;

    public ClientAuthenticator(ClientRepository clients) {
        this.clients = clients;
    }

    public Client authenticate(String org, FormParameters form, @Nullable String authorization) {
        String clientId = form.get("client_id").orElse(null);
        String secret = form.get("client_secret").orElse(null);
        boolean basic = authorization != null;
        if (basic) {
            if (secret != null) {
                throw OAuthError.invalidRequest("Use one client authentication method.").toException();
            }
            String[] credentials = parseBasic(authorization);
            if (clientId != null && !clientId.equals(credentials[0])) {
                throw OAuthError.invalidClient("Client authentication failed.", true).toException();
            }
            clientId = credentials[0];
            secret = credentials[1];
        }
        boolean attempted = secret != null;
        if (clientId == null) {
            throw OAuthError.invalidRequest("Missing parameter 'client_id'.").toException();
        }
        if (clientId.length() > 128) {
            throw OAuthError.invalidClient("Unknown client.", attempted).toException();
        }
        Client client = clients.find(org, clientId)
                .filter(c -> !c.disabled())
                .orElseThrow(() -> OAuthError.invalidClient("Unknown client.", attempted).toException());
        if (client.isPublic()) {
            if (attempted) {
                throw OAuthError.invalidClient("Client authentication failed.", true).toException();
            }
            return client;
        }
        if (!attempted) {
            throw OAuthError.invalidClient("Client authentication is required.", false).toException();
        }
        byte[] presented = DeviceCode.hash(secret).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = client.secretSha256().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, expected)) {
            throw OAuthError.invalidClient("Client authentication failed.", true).toException();
        }
        return client;
    }

    private static String[] parseBasic(String header) {
        if (header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw OAuthError.invalidClient("Unsupported client authentication.", true).toException();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("no colon");
            }
            return new String[]{
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("Malformed client credentials.", true).toException();
        }
    }
}
