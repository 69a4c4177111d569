package dev.cliauth.portal;

import dev.cliauth.verification.Page;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * The portal's pages as values: each a model for one template of {@code src/main/jte/portal}.
 * Every page with a form carries its CSRF token and says whether the password must be entered
 * again with it ({@code passwordNeeded}: the sign-in is older than the org's re-authentication time).
 */
public final class PortalPages {

    private PortalPages() {
    }

    /**
     * What every portal page shows around its content.
     *
     * @param csrf           the forms' CSRF token
     * @param base           the portal's path ({@code /portal} or {@code /orgs/{orgId}/portal})
     * @param account        the signed-in admin's email
     * @param passwordNeeded whether changes need the password again
     * @param notice         what the last change did (a message key), or null
     * @param error          why the form was refused (a message key), or null
     * @param section        which section the page is in ({@code applications}, {@code settings}, {@code users}, {@code audit})
     * @param here           the page's place in the portal ({@code applications/demo-cli}), where confirming the password returns
     */
    public record Frame(String csrf, String base, String account, boolean passwordNeeded, @Nullable String notice,
                        @Nullable String error, String section, String here) {
    }

    /** The applications and the form that creates one. */
    public record ApplicationsPage(Frame frame, List<Applications.Listed> apps, boolean full, ApplicationForm form,
                                   double entropyBits) {
    }

    /** One application's settings, its state and (when confidential) its secret's rotation. */
    public record ApplicationPage(Frame frame, String name, ApplicationForm form, boolean confidential, boolean disabled,
                                  long secretVersion, double entropyBits, String endpoint) {
    }

    /** A new secret, shown this once. */
    public record SecretPage(String base, String clientId, String name, String secret) {
    }

    /** The org's settings. {@code stored} is false for the default org, whose settings are the deployment's. */
    public record SettingsPage(Frame frame, boolean stored, SettingsForm form, double entropyBits,
                               @Nullable String companySignIn, List<String> companyDomains) {
    }

    /** The accounts, each with its actions, and the invitation form; {@code more} when there are more than listed. */
    public record UsersPage(Frame frame, List<Members.Listed> users, boolean more, long shownAt, String inviteEmail,
                            String inviteName) {

        /** Whether the page answers the invitation form (its error belongs beside that form). */
        public boolean inviting() {
            return !inviteEmail.isEmpty() || !inviteName.isEmpty();
        }
    }

    /** An invitation's one-time link, shown this once. */
    public record InvitedPage(String base, String email, String link, long expiresAt) {
    }

    /** A page of the audit trail and its filters. */
    public record AuditPage(Frame frame, List<AuditLog.Entry> entries, @Nullable String next, String event, String email,
                            String clientId, List<String> events) {
    }

    /** An invited account's first password. */
    public record WelcomePage(String csrf, String base, String email, String token, @Nullable String error) {
    }

    static Page page(int status, String template, Object model) {
        return new Page(status, "portal/" + template, model);
    }
}
