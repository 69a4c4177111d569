package dev.cliauth.verification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.core.annotation.Nullable;

/**
 * The code entry form ({@code code-entry.jte}).
 *
 * @param csrf       the form's CSRF token
 * @param prefill    the code to show in the field, in display form, or {@code ""}
 * @param error      what was wrong with the last entry, announced to screen readers
 * @param signedInAs the email of the signed-in account, if any
 * @param notice     news for the user, such as that they are now signed out
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)     // kept views (PageViews) read back "" and [] as they were
public record CodeEntryPage(String csrf, String prefill, @Nullable String error, @Nullable String signedInAs,
                            @Nullable String notice) {
}
