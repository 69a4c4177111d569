package dev.cliauth.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cliauth.org.OrgId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A successful {@code POST /user_management/authenticate} in WorkOS AuthKit's shape (SPEC §14):
 * the user, the organization, the access token, the refresh token and how the user signed in.
 * Members without a value are sent as {@code null}, as WorkOS does, so the shape never changes.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WorkOsAuthentication(
        @JsonProperty("user") User user,
        @JsonProperty("organization_id") @Nullable String organizationId,
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("refresh_token") @Nullable String refreshToken,
        @JsonProperty("authentication_method") String authenticationMethod) {

    /** WorkOS's user object; cliauth's account has an id, an email and one display name. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record User(
            @JsonProperty("object") String object,
            @JsonProperty("id") String id,
            @JsonProperty("email") @Nullable String email,
            @JsonProperty("email_verified") boolean emailVerified,
            @JsonProperty("first_name") @Nullable String firstName,
            @JsonProperty("last_name") @Nullable String lastName,
            @JsonProperty("profile_picture_url") @Nullable String profilePictureUrl,
            @JsonProperty("created_at") @Nullable String createdAt,
            @JsonProperty("updated_at") @Nullable String updatedAt) {
    }

    public static WorkOsAuthentication of(Tokens tokens) {
        Authorization a = tokens.authorization();
        String name = a.name() == null ? "" : a.name().strip();
        int space = name.indexOf(' ');
        String first = name.isEmpty() ? null : space < 0 ? name : name.substring(0, space);
        String last = space < 0 ? null : name.substring(space + 1).strip();
        // email_verified is the account's, as in the ID token.
        User user = new User("user", a.subject(), a.email(), a.email() != null && a.emailVerified(), first, last, null, null, null);
        return new WorkOsAuthentication(user, OrgId.DEFAULT.equals(a.org()) ? null : a.org(), tokens.accessToken(),
                tokens.refreshToken(), "Password");
    }

    @Override
    public String toString() {
        return "WorkOsAuthentication[organization_id=" + organizationId + "]";
    }
}
