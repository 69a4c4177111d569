package dev.cliauth.verification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The anti-phishing confirmation ({@code confirm.jte}, SPEC §5): what asks, what it will get, the
 * code to compare, when and from where the request started, and equal Approve and Deny buttons.
 *
 * @param csrf      the form's CSRF token
 * @param grant     the grant's key (the device code's hash), posted back with the decision
 * @param app       the application's name
 * @param signature HMAC over grant, org, app and session ({@link BrowserState#grantSignature})
 * @param code      the code in display form
 * @param requestedAt when the request started, epoch ms (shown in the reader's zone)
 * @param shownAt   when the page was made, epoch ms (for "how long ago")
 * @param ip        the requester's IP address
 * @param device    the requester's user agent, shortened
 * @param account   the signed-in account's email
 * @param scopes    the scopes the application asks for (shown in words)
 * @param thirdParty whether the application is another company's: the user's decision is their consent
 * @param passwordNeeded whether Approve needs the password again (the sign-in is older than the org's setting)
 * @param companySignIn for a company account, the name of its org's company sign-in: when the sign-in
 *                  is too old, Approve waits for a new one there (the account has no password)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)     // kept views (PageViews) read back "" and [] as they were
public record ConfirmPage(String csrf, String grant, String app, String signature, String code, long requestedAt,
                          long shownAt, String ip, String device, String account, List<String> scopes, boolean thirdParty,
                          boolean passwordNeeded, @io.micronaut.core.annotation.Nullable String companySignIn) {

    public ConfirmPage {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);    // an empty list is left out of a kept view
    }
}
