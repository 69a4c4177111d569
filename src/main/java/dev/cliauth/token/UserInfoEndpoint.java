package dev.cliauth.token;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.cliauth.config.Functions;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.refresh.RefreshTokens;
import dev.cliauth.protocol.ApiResponses;
import dev.cliauth.protocol.OAuthErrorBody;
import dev.cliauth.protocol.OAuthError;
import dev.cliauth.web.PublicUrls;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;

import java.text.ParseException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The UserInfo endpoint (OpenID Connect Core §5.3) at {@code /oauth2/userinfo} and
 * {@code /orgs/{orgId}/oauth2/userinfo}: a bearer access token (RFC 6750 §2.1) of the org, granted
 * {@code openid}, not revoked. The claims are those the token was granted, as it carries them.
 */
@Controller
@Requires(env = Functions.TOKEN)
public class UserInfoEndpoint {

    private final OrgRepository orgs;
    private final PublicUrls urls;
    private final AccessTokens accessTokens;
    private final RevokedAccessTokens revoked;
    private final Clock clock;
    private final RefreshTokens refreshTokens;

    public UserInfoEndpoint(OrgRepository orgs, PublicUrls urls, AccessTokens accessTokens, RevokedAccessTokens revoked,
                            RefreshTokens refreshTokens, Clock clock) {
        this.refreshTokens = refreshTokens;
        this.orgs = orgs;
        this.urls = urls;
        this.accessTokens = accessTokens;
        this.revoked = revoked;
        this.clock = clock;
    }

    @Get(uris = {"/oauth2/userinfo", "/orgs/{orgId}/oauth2/userinfo"}, produces = MediaType.ALL)
    public HttpResponse<?> get(WebRequest request) {
        return userInfo(request);
    }

    @Post(uris = {"/oauth2/userinfo", "/orgs/{orgId}/oauth2/userinfo"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<?> post(WebRequest request) {
        return userInfo(request);
    }

    private HttpResponse<?> userInfo(WebRequest request) {
        String org = orgs.of(request).id();
        String authorization = request.header("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            // "If the request lacks any authentication information ... SHOULD NOT include an error code" (RFC 6750 §3.1)
            return challenge(HttpStatus.UNAUTHORIZED, null, "An access token is required.");
        }
        String token = authorization.substring(7).trim();
        Optional<JWTClaimsSet> verified = accessTokens.verify(token, org, urls.issuer(request, org), clock.millis());
        if (verified.isEmpty() || revoked.isRevoked(verified.get().getJWTID()) || sessionRevoked(verified.get(), org)) {
            return challenge(HttpStatus.UNAUTHORIZED, "invalid_token", "The access token is invalid, expired or revoked.");
        }
        JWTClaimsSet claims = verified.get();
        List<String> scopes = scopes(claims);
        if (!scopes.contains("openid")) {
            return challenge(HttpStatus.FORBIDDEN, "insufficient_scope", "The access token was not granted openid.");
        }
        String email = scopes.contains("email") ? string(claims, "email") : null;
        String name = scopes.contains("profile") ? string(claims, "name") : null;
        Boolean emailVerified = email == null ? null : Boolean.TRUE.equals(claims.getClaim("email_verified"));
        return ApiResponses.noStore(new UserInfo(claims.getSubject(), email, emailVerified, name));
    }

    /**
     * Whether the token belongs to a refresh-token family ({@code sid}) that was revoked since: by
     * the client (RFC 7009), as reuse, by a replayed device code or under "Your devices". Its every
     * access token goes with it.
     */
    private boolean sessionRevoked(JWTClaimsSet claims, String org) {
        String family = string(claims, "sid");
        return family != null && refreshTokens.familyRevoked(family, org);
    }

    private static List<String> scopes(JWTClaimsSet claims) {
        String scope = string(claims, "scope");
        return scope == null ? List.of() : Arrays.asList(scope.split(" "));
    }

    private static String string(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            return null;
        }
    }

    /** An RFC 6750 §3 answer: the challenge in {@code WWW-Authenticate}, the error in the body too. */
    private static HttpResponse<?> challenge(HttpStatus status, String error, String description) {
        String challenge = "Bearer realm=\"cliauth\"" + (error == null ? "" : ", error=\"" + error + "\", error_description=\""
                + description + "\"");
        OAuthError body = new OAuthError(error == null ? OAuthError.INVALID_REQUEST : error, description, status.getCode(), null);
        return HttpResponse.status(status).body(OAuthErrorBody.of(body, null))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("WWW-Authenticate", challenge)
                .header("Cache-Control", "no-store");
    }
}
