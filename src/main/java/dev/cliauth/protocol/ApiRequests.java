package dev.cliauth.protocol;

import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** Checks shared by the OAuth endpoints. */
public final class ApiRequests {

    private ApiRequests() {
    }

    /** The media type of a form body. */
    public static final String FORM = "application/x-www-form-urlencoded";

    /**
     * The media type of a {@code Content-Type} value, lower case, without its parameters
     * (RFC 9110 §8.3.1); {@code ""} when there is none.
     */
    public static String mediaType(@Nullable String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
    }

    /**
     * The form body of a POST to an OAuth endpoint: the content type must be
     * {@code application/x-www-form-urlencoded} (RFC 6749 §3.2, RFC 8628 §3.1).
     */
    public static FormParameters form(@Nullable String contentType, String body) {
        if (!mediaType(contentType).equals(FORM)) {
            throw OAuthError.invalidRequest("Content type must be application/x-www-form-urlencoded.").toException();
        }
        return FormParameters.parse(body);
    }

    /**
     * The body of a POST to a WorkOS-compatible path: a form, or JSON (SPEC §2: WorkOS documents
     * both), told apart by the content type; anything else is {@code invalid_request}.
     */
    public static FormParameters formOrJson(@Nullable String contentType, String body) {
        String media = mediaType(contentType);
        if (media.equals("application/json")) {
            return FormParameters.ofJson(body);
        }
        if (!media.equals(FORM)) {
            throw OAuthError.invalidRequest("Content type must be application/x-www-form-urlencoded or application/json.")
                    .toException();
        }
        return FormParameters.parse(body);
    }

    /**
     * A {@code scope} parameter as a list of distinct scope tokens (RFC 6749 §3.3).
     */
    public static List<String> scopes(@Nullable String scope) {
        if (scope == null || scope.isBlank()) {
            return List.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String token : scope.split(" ")) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.length() > 64 || !token.chars().allMatch(c -> c == 0x21 || c >= 0x23 && c <= 0x5B || c >= 0x5D && c <= 0x7E)) {
                throw OAuthError.invalidScope("The scope parameter is malformed.").toException();
            }
            out.add(token);
            if (out.size() > 20) {
                throw OAuthError.invalidScope("Too many scopes.").toException();
            }
        }
        return new ArrayList<>(out);
    }
}
