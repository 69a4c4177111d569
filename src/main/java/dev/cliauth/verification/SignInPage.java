package dev.cliauth.verification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.core.annotation.Nullable;

/**
 * The sign-in form ({@code sign-in.jte}), which carries the code on to the confirmation, or, without
 * a code, leads to "your devices".
 *
 * @param csrf  the form's CSRF token
 * @param code  the code in display form; null when signing in to see one's devices
 * @param email the email typed last time, or {@code ""}
 * @param error why the last attempt failed
 * @param companySignIn the name of the org's company sign-in ("Sign in with …"), or null when it has none
 * @param next  where a sign-in without a code leads: {@code devices} or {@code portal}; null with a code
 * @param passwordsOff whether the org signs in with its company sign-in only (no password form)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)     // kept views (PageViews) read back "" and [] as they were
public record SignInPage(String csrf, @Nullable String code, String email, @Nullable String error, @Nullable String companySignIn,
                         @Nullable String next, boolean passwordsOff) {

    /** The sign-in form on the way to a code's confirmation, or (no code) to "your devices". */
    public SignInPage(String csrf, @Nullable String code, String email, @Nullable String error, @Nullable String companySignIn) {
        this(csrf, code, email, error, companySignIn, code == null ? "devices" : null, false);
    }
}
