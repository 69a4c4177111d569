package dev.cliauth.verification;

import io.micronaut.core.annotation.Nullable;

/**
 * The sign-in form ({@code sign-in.jte}), which carries the code on to the confirmation.
 *
 * @param csrf  the form's CSRF token
 * @param code  the code in display form
 * @param email the email typed last time, or {@code ""}
 * @param error why the last attempt failed
 */
public record SignInPage(String csrf, String code, String email, @Nullable String error) {
}
