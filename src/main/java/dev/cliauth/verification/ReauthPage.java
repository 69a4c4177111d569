package dev.cliauth.verification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.core.annotation.Nullable;

/**
 * Approve asks for the password again ({@code reauth.jte}, SPEC §6) when the sign-in is older than
 * the org's re-authentication setting; it posts the same signed decision back with the password.
 *
 * @param csrf      the form's CSRF token
 * @param grant     the grant's key, as the confirmation posted it
 * @param app       the application's name
 * @param signature the confirmation's grant signature
 * @param account   the signed-in account's email
 * @param error     why the last attempt failed
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)     // kept views (PageViews) read back "" and [] as they were
public record ReauthPage(String csrf, String grant, String app, String signature, String account, @Nullable String error) {
}
