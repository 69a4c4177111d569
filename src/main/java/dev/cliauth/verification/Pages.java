package dev.cliauth.verification;

import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.grant.IndexedGrant;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static dev.cliauth.verification.Html.escape;

/**
 * The verification pages as HTML. Every dynamic value is escaped; no script, no inline style,
 * so the CSP can forbid both. Forms work without JavaScript; labels are tied to their inputs and
 * errors are announced to screen readers.
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

    /** A rendered page: status and HTML. */
    public record Page(int status, String html) {
    }

    public static Page codeEntry(String csrf, String prefill, @Nullable String error, @Nullable Session session) {
        String body = """
                <h1>Sign in on your device</h1>
                <p>Enter the code shown on your device.</p>
                %s
                <form method="post" action="/device" novalidate>
                  <input type="hidden" name="csrf" value="%s">
                  <label for="user_code">Code</label>
                  <input id="user_code" name="user_code" value="%s" autocomplete="off" autocapitalize="characters"
                         spellcheck="false" inputmode="text" maxlength="32" required autofocus%s>
                  <button type="submit" class="primary">Continue</button>
                </form>
                %s
                """.formatted(errorBox(error), escape(csrf), escape(prefill),
                error == null ? "" : " aria-invalid=\"true\" aria-describedby=\"error\"", signedInAs(session));
        return new Page(error == null ? 200 : 400, layout("Enter code", body));
    }

    public static Page signIn(String csrf, String displayCode, @Nullable String email, @Nullable String error) {
        String body = """
                <h1>Sign in</h1>
                <p>Sign in to continue with code <strong class="code">%s</strong>.</p>
                %s
                <form method="post" action="/device/signin">
                  <input type="hidden" name="csrf" value="%s">
                  <input type="hidden" name="user_code" value="%s">
                  <label for="username">Email</label>
                  <input id="username" name="username" type="email" autocomplete="username" value="%s" required autofocus>
                  <label for="password">Password</label>
                  <input id="password" name="password" type="password" autocomplete="current-password" required>
                  <button type="submit" class="primary">Sign in</button>
                </form>
                """.formatted(escape(displayCode), errorBox(error), escape(csrf), escape(displayCode),
                escape(email == null ? "" : email));
        return new Page(error == null ? 200 : 401, layout("Sign in", body));
    }

    public static Page confirm(String csrf, String grantSignature, IndexedGrant grant, UserCodeFormat format,
                               Session session, long now) {
        StringBuilder scopes = new StringBuilder();
        List<String> granted = grant.scopes();
        if (granted.isEmpty()) {
            scopes.append("<li>Use your account from the device</li>");
        }
        for (String scope : granted) {
            String text = SCOPE_TEXT.get(scope);
            scopes.append("<li>").append(escape(text == null ? scope : text))
                    .append(" <span class=\"scope\">").append(escape(scope)).append("</span></li>");
        }
        long minutes = Math.max(0, (now - grant.createdAt()) / 60_000);
        String ago = minutes == 0 ? "less than a minute ago" : minutes == 1 ? "1 minute ago" : minutes + " minutes ago";
        String body = """
                <h1>Allow %s?</h1>
                <p class="warning" role="note"><strong>Only approve this if you started it yourself, on a device you
                control, and the code below matches the one on its screen.</strong> If someone sent you this code or
                link, choose Deny: approving would give them access to your account.</p>
                <dl class="facts">
                  <dt>Code</dt><dd class="code">%s</dd>
                  <dt>Application</dt><dd>%s</dd>
                  <dt>Requested</dt><dd>%s (%s)</dd>
                  <dt>From</dt><dd>IP address %s</dd>
                  <dt>Device</dt><dd class="agent">%s</dd>
                  <dt>Account</dt><dd>%s</dd>
                </dl>
                <h2>It will be able to</h2>
                <ul class="scopes">%s</ul>
                <form method="post" action="/device/decision" class="decision">
                  <input type="hidden" name="csrf" value="%s">
                  <input type="hidden" name="grant" value="%s">
                  <input type="hidden" name="app" value="%s">
                  <input type="hidden" name="sig" value="%s">
                  <button type="submit" name="decision" value="deny">Deny</button>
                  <button type="submit" name="decision" value="approve">Approve</button>
                </form>
                """.formatted(escape(grant.clientName()), escape(format.display(grant.userCode())),
                escape(grant.clientName()), escape(WHEN.format(Instant.ofEpochMilli(grant.createdAt()))), ago,
                escape(grant.requesterIp()), escape(shortAgent(grant.requesterAgent())),
                escape(session.email()), scopes, escape(csrf), escape(grant.deviceCodeHash()),
                escape(grant.clientName()), escape(grantSignature));
        return new Page(200, layout("Confirm", body));
    }

    public static Page approved(String clientName) {
        return outcome(200, "Approved", "You're signed in",
                "<p>" + escape(clientName) + " is now signed in. Return to your terminal; you can close this page.</p>");
    }

    public static Page denied() {
        return outcome(200, "Denied", "Request denied",
                "<p>The device was not given access. If you did not start this sign-in, you can ignore it.</p>");
    }

    public static Page expired() {
        return outcome(410, "Code expired", "This code has expired",
                "<p>Start the sign-in again on your device to get a new code.</p>" + again());
    }

    public static Page unknown() {
        return outcome(404, "Code not found", "That code didn't work",
                "<p>Check the code on your device and try again. Codes can be used only once and only for a few minutes.</p>" + again());
    }

    public static Page ambiguous() {
        return outcome(409, "Start again", "Please start again on your device",
                "<p>This code can't be used safely. Cancel the sign-in on your device and start it again to get a new code.</p>");
    }

    public static Page alreadyDecided() {
        return outcome(409, "Already used", "This request was already answered",
                "<p>Nothing was changed. If you did not answer it, start the sign-in again on your device.</p>" + again());
    }

    public static Page tooManyAttempts(long retryAfterMillis) {
        long minutes = Math.max(1, (retryAfterMillis + 59_999) / 60_000);
        return outcome(429, "Too many attempts", "Too many attempts",
                "<p>Too many codes were entered that didn't match. Try again in " + minutes
                        + (minutes == 1 ? " minute" : " minutes") + ".</p>");
    }

    public static Page accountUnavailable() {
        return outcome(403, "Not allowed", "This account can't approve sign-ins",
                "<p>Your account is disabled. Contact your administrator.</p>");
    }

    public static Page formExpired() {
        return outcome(403, "Try again", "This form has expired",
                "<p>For your security the form could not be accepted. Go back, reload the page and try again.</p>" + again());
    }

    public static Page badRequest() {
        return outcome(400, "Bad request", "Something was wrong with that request", again());
    }

    /** A request refused before routing; {@code reason} is one of the adapter's fixed sentences. */
    public static Page rejected(int status, String reason) {
        return outcome(status, "Bad request", "Something was wrong with that request", "<p>" + escape(reason) + "</p>" + again());
    }

    /** A method the page does not accept. */
    public static Page methodNotAllowed() {
        return outcome(405, "Bad request", "Something was wrong with that request", again());
    }

    public static Page notFound() {
        return outcome(404, "Not found", "Page not found", again());
    }

    public static Page unavailable() {
        return outcome(503, "Try again shortly", "We're having trouble right now",
                "<p>Nothing was changed. Wait a moment and try again.</p>" + again());
    }

    public static Page serverError() {
        return outcome(500, "Error", "Something went wrong", "<p>Nothing was changed. Please try again.</p>" + again());
    }

    private static Page outcome(int status, String title, String heading, String text) {
        return new Page(status, layout(title, "<h1>" + escape(heading) + "</h1>\n" + text));
    }

    /** The user agent as shown: long ones are cut so Approve and Deny stay on a phone's first screen. */
    private static String shortAgent(String agent) {
        if (agent.isEmpty()) {
            return "unknown";
        }
        return agent.length() <= 120 ? agent : agent.substring(0, 120) + "…";
    }

    private static String again() {
        return "<p><a href=\"/device\">Enter a code</a></p>";
    }

    private static String errorBox(@Nullable String error) {
        return error == null ? "" : "<p id=\"error\" class=\"error\" role=\"alert\">" + escape(error) + "</p>";
    }

    private static String signedInAs(@Nullable Session session) {
        return session == null ? "" : "<p class=\"muted\">Signed in as " + escape(session.email()) + "</p>";
    }

    private static String layout(String title, String body) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="referrer" content="same-origin">
                <title>%s · Device sign-in</title>
                <link rel="stylesheet" href="/device/assets/style.css">
                </head>
                <body>
                <main class="card">
                %s
                </main>
                </body>
                </html>
                """.formatted(escape(title), body);
    }
}
