package dev.cliauth.verification;

import dev.cliauth.account.Account;
import dev.cliauth.grant.IndexedGrant;
import dev.cliauth.refresh.DeviceSession;
import dev.cliauth.refresh.FamilyOrigin;
import dev.cliauth.upstream.UpstreamFailure;
import dev.cliauth.web.VisibleText;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The verification pages as values: status, template and model. No HTML here: the templates in
 * {@code src/main/jte} escape every value, and {@link PageRenderer} renders them.
 */
public final class Pages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final Map<String, String> SCOPE_TEXT = Map.of(
            "openid", "Confirm who you are",
            "email", "See your email address",
            "profile", "See your name",
            "offline_access", "Stay signed in on the device");

    private Pages() {
    }

    public static Page codeEntry(String csrf, String prefill, @Nullable String error, @Nullable Session session) {
        return new Page(error == null ? 200 : 400, "code-entry.jte",
                new CodeEntryPage(csrf, prefill, error, session == null ? null : session.email(), null));
    }

    public static Page signedOut(String csrf) {
        return new Page(200, "code-entry.jte", new CodeEntryPage(csrf, "", null, null,
                "You're signed out. Anyone using this browser now has to sign in again."));
    }

    /** A kept page that is gone (another post replaced it, it expired, or it is not this browser's). */
    public static Page viewGone(String csrf, @Nullable Session session) {
        return new Page(200, "code-entry.jte", new CodeEntryPage(csrf, "", null, session == null ? null : session.email(),
                "That page is no longer available. If you were signing in a device, enter its code again."));
    }

    public static Page reauth(String csrf, String grant, String app, String signature, String account,
                              @Nullable String error) {
        return new Page(error == null ? 200 : 401, "reauth.jte", new ReauthPage(csrf, grant, app, signature, account, error));
    }

    public static Page signIn(String csrf, String displayCode, @Nullable String email, @Nullable String error) {
        return signIn(csrf, displayCode, email, error, null);
    }

    /** The sign-in form; with "Sign in with {@code companySignIn}" when the org has company sign-in. */
    public static Page signIn(String csrf, String displayCode, @Nullable String email, @Nullable String error,
                              @Nullable String companySignIn) {
        return new Page(error == null ? 200 : 401, "sign-in.jte",
                new SignInPage(csrf, displayCode, email == null ? "" : email, error, companySignIn));
    }

    public static Page confirm(String csrf, String grantSignature, IndexedGrant grant, Session session, long now) {
        return confirm(csrf, grantSignature, grant, session, now, false);
    }

    public static Page confirm(String csrf, String grantSignature, IndexedGrant grant, Session session, long now,
                               boolean passwordNeeded) {
        return confirm(csrf, grantSignature, grant, session, now, passwordNeeded, null);
    }

    /** The confirmation; {@code companySignIn} names the company sign-in a company account signs in again with. */
    public static Page confirm(String csrf, String grantSignature, IndexedGrant grant, Session session, long now,
                               boolean passwordNeeded, @Nullable String companySignIn) {
        List<ConfirmPage.Scope> scopes = new ArrayList<>();
        for (String scope : grant.scopes()) {
            scopes.add(new ConfirmPage.Scope(SCOPE_TEXT.getOrDefault(scope, scope), scope));
        }
        String ago = ago(now, grant.createdAt());
        return new Page(200, "confirm.jte", new ConfirmPage(csrf, grant.deviceCodeHash(), VisibleText.safe(grant.clientName()),
                grantSignature, grant.userCode(), WHEN.format(Instant.ofEpochMilli(grant.createdAt())),
                ago, grant.requesterIp(), shortAgent(grant.requesterAgent()), session.email(), scopes, grant.thirdParty(),
                passwordNeeded, companySignIn));
    }

    /** The sign-in form that leads to "your devices" (no code to carry). */
    public static Page signInForDevices(String csrf, @Nullable String email, @Nullable String error) {
        return new Page(error == null ? 200 : 401, "sign-in.jte", new SignInPage(csrf, null, email == null ? "" : email, error, null));
    }

    /**
     * "Your devices": {@code sessions} of {@code owner}, as {@code viewer} (the signed-in account) sees
     * them; {@code notice} says what the last revoke did.
     */
    public static Page devices(String csrf, String devicesPath, Account viewer, String owner, List<DeviceSession> sessions,
                               @Nullable String notice, long now) {
        List<DevicesPage.Entry> entries = new ArrayList<>();
        for (DeviceSession d : sessions) {
            FamilyOrigin o = d.origin();
            List<String> can = new ArrayList<>();
            for (String scope : d.scopes()) {
                can.add(SCOPE_TEXT.getOrDefault(scope, scope));
            }
            entries.add(new DevicesPage.Entry(d.familyId(), VisibleText.safe(o.clientName()),
                    can.isEmpty() ? "Use your account from the device" : String.join("; ", can),
                    WHEN.format(Instant.ofEpochMilli(o.approvedAt())) + " (" + ago(now, o.approvedAt()) + ")",
                    o.approvedIp() == null || o.approvedIp().isEmpty() ? "not recorded" : o.approvedIp(),
                    o.approvedAgent() == null ? "" : shortAgent(VisibleText.safe(o.approvedAgent())),
                    o.requesterIp(), shortAgent(VisibleText.safe(o.requesterAgent())),
                    d.lastRefresh() == null ? "not yet" : WHEN.format(Instant.ofEpochMilli(d.lastRefreshAt()))
                            + " (" + ago(now, d.lastRefreshAt()) + ")"));
        }
        boolean own = owner.equals(viewer.email());
        return new Page(200, "devices.jte", new DevicesPage(csrf, devicesPath, viewer.email(), owner, own, viewer.admin(),
                notice, entries));
    }

    /** An ordinary account asked for another's devices (or an admin for an account that does not exist). */
    public static Page devicesNotAllowed() {
        return outcome(403, "Not allowed", "You can see only your own devices", false,
                "Only an administrator of this organization can see another account's devices.");
    }

    public static Page devicesNoSuchAccount() {
        return outcome(404, "Not found", "There is no such account", false,
                "No account with that email exists in this organization.");
    }

    public static Page approved(String clientName) {
        return outcome(200, "Approved", "You're signed in", false,
                clientName + " is now signed in. Return to your terminal; you can close this page.");
    }

    /** After "This wasn't me": {@code stopped} when the request was still open (or had expired) and is now refused. */
    public static Page notMe(boolean stopped) {
        return stopped
                ? outcome(200, "Reported", "Thanks: the request was refused", true,
                        "The device that showed this code gets no access, and this browser is signed out.",
                        "If someone sent you this code or link, they were trying to get into your account. Nothing"
                                + " was shared with them. Your administrator can see this report.")
                : outcome(200, "Reported", "Thanks for telling us", true,
                        "This request had already been answered, so nothing about it was changed; this browser is"
                                + " signed out. If you did not approve it yourself, sign in and revoke it under"
                                + " \"Your devices\", and tell your administrator.");
    }

    public static Page denied() {
        return outcome(200, "Denied", "Request denied", false,
                "The device was not given access. If you did not start this sign-in, you can ignore it.");
    }

    public static Page expired() {
        return outcome(410, "Code expired", "This code has expired", true,
                "Start the sign-in again on your device to get a new code.");
    }

    public static Page unknown() {
        return outcome(404, "Code not found", "That code didn't work", true,
                "Check the code on your device and try again. Codes can be used only once and only for a few minutes.");
    }

    public static Page ambiguous() {
        return outcome(409, "Start again", "Please start again on your device", false,
                "This code can't be used safely. Cancel the sign-in on your device and start it again to get a new code.");
    }

    public static Page alreadyDecided() {
        return outcome(409, "Already used", "This request was already answered", true,
                "Nothing was changed. If you did not answer it, start the sign-in again on your device.");
    }

    public static Page tooManyAttempts(long retryAfterMillis) {
        long minutes = Math.max(1, (retryAfterMillis + 59_999) / 60_000);
        return outcome(429, "Too many attempts", "Too many attempts", false,
                "Too many codes were entered that didn't match. Try again in " + minutes
                        + (minutes == 1 ? " minute" : " minutes") + ".");
    }

    /** The same for every email, existing or not, and for the owner as for a guesser. */
    public static Page tooManySignIns(long retryAfterMillis) {
        long minutes = Math.max(1, (retryAfterMillis + 59_999) / 60_000);
        return outcome(429, "Too many attempts", "Too many sign-in attempts", false,
                "Too many passwords that didn't match were tried for this email or from your network."
                        + " For your security, sign-in is paused. Try again in " + minutes
                        + (minutes == 1 ? " minute" : " minutes") + ".");
    }

    /** A company sign-in that did not go through, in words for what happened ({@link UpstreamFailure.Reason}). */
    public static Page companySignInFailed(UpstreamFailure.Reason reason) {
        return switch (reason) {
            case PROVIDER -> outcome(502, "Company sign-in failed", "Company sign-in isn't working right now", false,
                    "We couldn't complete the sign-in with your company's identity provider. Nothing was changed."
                            + " Enter your code again to retry, or sign in with an email and password.");
            case REJECTED_TOKEN -> outcome(400, "Company sign-in failed", "Your sign-in couldn't be verified", false,
                    "Your company's identity provider answered with a sign-in that did not pass our checks, so it was"
                            + " refused. Enter your code again to start over.");
            case CANCELLED -> outcome(400, "Sign-in cancelled", "Sign-in was cancelled", false,
                    "The sign-in at your company's identity provider was cancelled or refused. Enter your code again"
                            + " to start over.");
            case STATE -> outcome(400, "Sign-in expired", "This sign-in link can't be used", false,
                    "It was used already, is more than 10 minutes old, or was opened in another browser."
                            + " Enter your code again to start over.");
            case NOT_REAUTHENTICATED -> outcome(401, "Sign in again", "Please sign in again", false,
                    "Your company's identity provider did not ask for your password again, so the request can't be"
                            + " approved yet. Enter your code again and sign in once more.");
        };
    }

    public static Page companyDomainNotAllowed() {
        return outcome(403, "Not allowed", "This account can't sign in here", false,
                "Your company account's email domain is not one this organization accepts. Sign in with another"
                        + " account, or ask your administrator.");
    }

    public static Page companyEmailUnverified() {
        return outcome(403, "Not allowed", "Your email address isn't verified", false,
                "Your company's identity provider did not confirm your email address, so it can't be used to sign in"
                        + " here. Ask your administrator.");
    }

    public static Page companyEmailTaken() {
        return outcome(409, "Not allowed", "This email already has an account here", false,
                "An account with your email address already exists and signs in with a password; company sign-in"
                        + " does not take it over. Sign in with its password, or ask your administrator.");
    }

    public static Page tooManyCompanySignIns(long retryAfterMillis) {
        long minutes = Math.max(1, (retryAfterMillis + 59_999) / 60_000);
        return outcome(429, "Too many attempts", "Too many sign-in attempts", false,
                "Too many company sign-ins were started from your network. Try again in " + minutes
                        + (minutes == 1 ? " minute" : " minutes") + ".");
    }

    public static Page companyReauthNeeded() {
        return outcome(401, "Sign in again", "Please sign in again", true,
                "You signed in a while ago. To approve, enter your code again and sign in with your company once more.");
    }

    public static Page accountUnavailable() {
        return outcome(403, "Not allowed", "This account can't approve sign-ins", false,
                "Your account is disabled, or this browser was signed out. Sign in again, or contact your administrator.");
    }

    public static Page formExpired() {
        return outcome(403, "Try again", "This form has expired", true,
                "For your security the form could not be accepted. Go back, reload the page and try again.");
    }

    public static Page badRequest() {
        return outcome(400, "Bad request", "Something was wrong with that request", true);
    }

    /** A request refused before routing; {@code reason} is one of the adapter's fixed sentences. */
    public static Page rejected(int status, String reason) {
        return outcome(status, "Bad request", "Something was wrong with that request", true, reason);
    }

    /** A method the page does not accept. */
    public static Page methodNotAllowed() {
        return outcome(405, "Bad request", "Something was wrong with that request", true);
    }

    public static Page notFound() {
        return outcome(404, "Not found", "Page not found", true);
    }

    public static Page unavailable() {
        return outcome(503, "Try again shortly", "We're having trouble right now", true,
                "Nothing was changed. Wait a moment and try again.");
    }

    public static Page serverError() {
        return outcome(500, "Error", "Something went wrong", true, "Nothing was changed. Please try again.");
    }

    private static Page outcome(int status, String title, String heading, boolean again, String... paragraphs) {
        return new Page(status, "outcome.jte", new OutcomePage(title, heading, List.of(paragraphs), again));
    }

    /**
     * A code in display form cut into its groups, each but the last keeping its dash
     * ({@code BCDF-GHJK} → {@code BCDF-}, {@code GHJK}): the pages keep each group on one line and
     * let a narrow screen break only between groups.
     */
    public static List<String> codeGroups(String code) {
        List<String> groups = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) == '-') {
                groups.add(code.substring(start, i + 1));
                start = i + 1;
            }
        }
        groups.add(code.substring(start));
        return groups;
    }

    /** How long before {@code now} {@code at} was, in words: minutes, then hours, then days. */
    static String ago(long now, long at) {
        long minutes = Math.max(0, (now - at) / 60_000);
        if (minutes < 120) {
            return minutes == 0 ? "less than a minute ago" : minutes == 1 ? "1 minute ago" : minutes + " minutes ago";
        }
        long hours = minutes / 60;
        return hours < 48 ? hours + " hours ago" : hours / 24 + " days ago";
    }

    /** The user agent as shown: long ones are cut so Approve and Deny stay on a phone's first screen. */
    private static String shortAgent(String agent) {
        if (agent.isEmpty()) {
            return "unknown";
        }
        return agent.length() <= 120 ? agent : agent.substring(0, 120) + "…";
    }
}
