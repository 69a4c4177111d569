package dev.cliauth.verification;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * "Your devices" ({@code devices.jte}, SPEC §13): the CLI sessions an account approved, each with
 * a Revoke button.
 *
 * @param csrf       the forms' CSRF token
 * @param devicesPath where the page is, and where its forms post
 * @param account    the signed-in account's email
 * @param owner      whose sessions are shown: the account's own email, or another account's for an admin
 * @param ownAccount whether {@code owner} is the signed-in account
 * @param admin      whether the signed-in account is an admin of the org (may look up other accounts)
 * @param notice     what the last revoke did (a message key), or null
 * @param sessions   newest approval first
 * @param shownAt    when the page was made, epoch ms (for "how long ago")
 */
public record DevicesPage(String csrf, String devicesPath, String account, String owner, boolean ownAccount, boolean admin,
                          @Nullable String notice, List<Entry> sessions, long shownAt) {

    public DevicesPage {
        sessions = List.copyOf(sessions);
    }

    /**
     * One session as shown.
     *
     * @param family      the family id the Revoke form posts
     * @param app         the application's name
     * @param scopes      what it may do (shown in words)
     * @param approvedAt  when it was approved, epoch ms
     * @param approvedFrom the approving browser's IP address, or null when not recorded
     * @param approvedBy  the approving browser's user agent, shortened
     * @param requestedFrom the device's IP address
     * @param device      the device's user agent as it said of itself, shortened
     * @param lastRefreshAt when the device last refreshed its tokens, epoch ms; 0 for not yet
     */
    public record Entry(String family, String app, List<String> scopes, long approvedAt, @Nullable String approvedFrom,
                        String approvedBy, String requestedFrom, String device, long lastRefreshAt) {
    }
}
