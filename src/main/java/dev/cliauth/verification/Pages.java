package dev.cliauth.verification;

import dev.cliauth.account.Account;
import dev.cliauth.grant.IndexedGrant;
import dev.cliauth.devices.DeviceSession;
import dev.cliauth.refresh.FamilyOrigin;
import dev.cliauth.upstream.UpstreamFailure;
import dev.cliauth.web.VisibleText;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * The verification pages as values: status, template and model. No HTML here: the templates in
 * {@code src/main/jte} escape every value, and {@link PageRenderer} renders them.
 */
public final class Pages {

    private Pages() {
    }

    /** The code entry form; {@code error} is a message key ({@code code.retype}). */
    public static Page codeEntry(String csrf, String prefill, @Nullable String error, @Nullable Session session) {
        return new Page(error == null ? 200 : 400, "code-entry.jte",
                new CodeEntryPage(csrf, prefill, error, session == null ? null : session.email(), null));
    }

    public static Page signedOut(String csrf) {
        return new Page(200, "code-entry.jte", new CodeEntryPage(csrf, "", null, null, "code.signedOut"));
    }

    /** A kept page that is gone (another post replaced it, it expired, or it is not this browser's). */
    public static Page viewGone(String csrf, @Nullable Session session) {
        return new Page(200, "code-entry.jte", new CodeEntryPage(csrf, "", null, session == null ? null : session.email(),
                "code.viewGone"));
    }

    /** Approve asks for the password again; {@code error} is a message key ({@code reauth.wrong}). */
    public static Page reauth(String csrf, String grant, String app, String signature, String account,
                              @Nullable String error) {
        return new Page(error == null ? 200 : 401, "reauth.jte", new ReauthPage(csrf, grant, app, signature, account, error));
    }

    public static Page signIn(String csrf, String displayCode, @Nullable String email, @Nullable String error) {
        return signIn(csrf, displayCode, email, error, null);
    }

    /**
     * The sign-in form; with "Sign in with {@code companySignIn}" when the org has company sign-in;
     * {@code error} is a message key ({@code signin.wrong}).
     */
    public static Page signIn(String csrf, String displayCode, @Nullable String email, @Nullable String error,
                              @Nullable String companySignIn) {
        return signIn(csrf, displayCode, email, error, companySignIn, false);
    }

    /** The sign-in form of a code; with {@code passwordsOff} (and company sign-in) only the company button. */
    public static Page signIn(String csrf, String displayCode, @Nullable String email, @Nullable String error,
                              @Nullable String companySignIn, boolean passwordsOff) {
        return new Page(error == null ? 200 : 401, "sign-in.jte",
                new SignInPage(csrf, displayCode, email == null ? "" : email, error, companySignIn, null,
                        passwordsOff && companySignIn != null));
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
        return new Page(200, "confirm.jte", new ConfirmPage(csrf, grant.deviceCodeHash(), VisibleText.safe(grant.clientName()),
                grantSignature, grant.userCode(), grant.createdAt(), now, grant.requesterIp(),
                shortAgent(VisibleText.safe(grant.requesterAgent())), session.email(), grant.scopes(), grant.thirdParty(),
                passwordNeeded, companySignIn));
    }

    /**
     * The sign-in form without a code, leading to {@code next} ({@code devices} or {@code portal});
     * when the org has password sign-in off, only a word on how to sign in (from a code, with the
     * company sign-in) instead of the form.
     */
    public static Page signInWithoutCode(String csrf, String next, @Nullable String email, @Nullable String error,
                                         boolean passwordsOff) {
        return new Page(error == null ? 200 : 401, "sign-in.jte", new SignInPage(csrf, null, email == null ? "" : email, error,
                null, next, passwordsOff));
    }

    /** A password sign-in in an org that signs in with its company sign-in only: nothing was checked. */
    public static Page passwordsOff() {
        return outcome(403, "passwordsOff", true, 1);
    }

    /**
     * "Your devices": {@code sessions} of {@code owner}, as {@code viewer} (the signed-in account) sees
     * them; {@code notice} (a message key) says what the last revoke did.
     */
    public static Page devices(String csrf, String devicesPath, Account viewer, String owner, List<DeviceSession> sessions,
                               @Nullable String notice, long now) {
        List<DevicesPage.Entry> entries = new ArrayList<>();
        for (DeviceSession d : sessions) {
            FamilyOrigin o = d.origin();
            entries.add(new DevicesPage.Entry(d.familyId(), VisibleText.safe(o.clientName()), d.scopes(), o.approvedAt(),
                    o.approvedIp() == null || o.approvedIp().isEmpty() ? null : o.approvedIp(),
                    o.approvedAgent() == null ? "" : shortAgent(VisibleText.safe(o.approvedAgent())),
                    o.requesterIp(), shortAgent(VisibleText.safe(o.requesterAgent())), d.lastRefreshAt()));
        }
        boolean own = owner.equals(viewer.email());
        return new Page(200, "devices.jte", new DevicesPage(csrf, devicesPath, viewer.email(), owner, own, viewer.admin(),
                notice, entries, now));
    }

    /** An ordinary account asked for another's devices. */
    public static Page devicesNotAllowed() {
        return outcome(403, "devicesNotAllowed", false, 1);
    }

    /** An admin asked for the devices of an account that does not exist. */
    public static Page devicesNoSuchAccount() {
        return outcome(404, "devicesNoSuchAccount", false, 1);
    }

    public static Page approved(String clientName) {
        return outcome(200, "approved", false, 1, clientName);
    }

    /** After "This wasn't me": {@code stopped} when the request was still open (or had expired) and is now refused. */
    public static Page notMe(boolean stopped) {
        return stopped ? outcome(200, "notMe", true, 2) : outcome(200, "notMeLate", true, 1);
    }

    public static Page denied() {
        return outcome(200, "denied", false, 1);
    }

    public static Page expired() {
        return outcome(410, "expired", true, 1);
    }

    public static Page unknown() {
        return outcome(404, "unknown", true, 1);
    }

    public static Page ambiguous() {
        return outcome(409, "ambiguous", false, 1);
    }

    public static Page alreadyDecided() {
        return outcome(409, "alreadyDecided", true, 1);
    }

    public static Page tooManyAttempts(long retryAfterMillis) {
        return outcome(429, "tooManyAttempts", false, 1, minutes(retryAfterMillis));
    }

    /** The same for every email, existing or not, and for the owner as for a guesser. */
    public static Page tooManySignIns(long retryAfterMillis) {
        return outcome(429, "tooManySignIns", false, 1, minutes(retryAfterMillis));
    }

    /** A company sign-in that did not go through, in words for what happened ({@link UpstreamFailure.Reason}). */
    public static Page companySignInFailed(UpstreamFailure.Reason reason) {
        return switch (reason) {
            case PROVIDER -> outcome(502, "companyProvider", false, 1);
            case REJECTED_TOKEN -> outcome(400, "companyRejected", false, 1);
            case CANCELLED -> outcome(400, "companyCancelled", false, 1);
            case STATE -> outcome(400, "companyState", false, 1);
            case NOT_REAUTHENTICATED -> outcome(401, "companyNotReauthenticated", false, 1);
        };
    }

    public static Page companyDomainNotAllowed() {
        return outcome(403, "companyDomain", false, 1);
    }

    public static Page companyEmailUnverified() {
        return outcome(403, "companyUnverified", false, 1);
    }

    public static Page companyEmailTaken() {
        return outcome(409, "companyTaken", false, 1);
    }

    public static Page tooManyCompanySignIns(long retryAfterMillis) {
        return outcome(429, "tooManyCompanySignIns", false, 1, minutes(retryAfterMillis));
    }

    public static Page companyReauthNeeded() {
        return outcome(401, "companyReauth", true, 1);
    }

    public static Page accountUnavailable() {
        return outcome(403, "accountUnavailable", false, 1);
    }

    public static Page formExpired() {
        return outcome(403, "formExpired", true, 1);
    }

    public static Page badRequest() {
        return outcome(400, "badRequest", true, 0);
    }

    /** A request refused before routing; {@code reason} is one of the adapter's fixed sentences (English, as the API's). */
    public static Page rejected(int status, String reason) {
        return outcome(status, "rejected", true, 1, reason);
    }

    /** A method the page does not accept. */
    public static Page methodNotAllowed() {
        return outcome(405, "badRequest", true, 0);
    }

    public static Page notFound() {
        return outcome(404, "notFound", true, 0);
    }

    public static Page unavailable() {
        return outcome(503, "unavailable", true, 1);
    }

    public static Page serverError() {
        return outcome(500, "serverError", true, 1);
    }

    /** An outcome page: its texts are {@code outcome.<key>.title}, {@code .heading} and {@code .p1} to {@code .p<paragraphs>}. */
    private static Page outcome(int status, String key, boolean again, int paragraphs, Object... args) {
        List<String> values = new ArrayList<>();
        boolean numeric = args.length > 0;
        for (Object a : args) {
            values.add(String.valueOf(a));
            numeric &= a instanceof Long;
        }
        return new Page(status, "outcome.jte", new OutcomePage(key, values, numeric, paragraphs, again));
    }

    /** A wait in whole minutes, at least one. */
    private static long minutes(long millis) {
        return Math.max(1, (millis + 59_999) / 60_000);
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

    /** The user agent as shown: long ones are cut so Approve and Deny stay on a phone's first screen. */
    private static String shortAgent(String agent) {
        return agent.length() <= 120 ? agent : agent.substring(0, 120) + "…";     // empty: the page says "unknown"
    }
}
