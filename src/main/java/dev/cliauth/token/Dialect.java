package dev.cliauth.token;

/**
 * The token endpoint's two dialects: RFC 8628 on the standard and org-scoped paths, WorkOS
 * AuthKit on {@code /user_management/authenticate} (SPEC §14). They differ in two rules only.
 *
 * @param slowDownStepSeconds how much a {@code slow_down} adds to the interval the server enforces:
 *                            RFC 8628 §3.5's five seconds (SPEC §3), or none on WorkOS's paths.
 *                            WorkOS's CLI Auth guide adds one second to its own interval per
 *                            {@code slow_down}: a server adding five would keep such a client early
 *                            on every later poll, and even a server adding one would once it has
 *                            answered a poll the client never saw (a retried request), so the
 *                            client's interval only ever grows past the server's. Every early poll
 *                            still counts against the code's poll budget.
 * @param sessionRefreshable  whether a session comes with a refresh token whatever its scope
 *                            (AuthKit sessions do)
 */
public enum Dialect {
    OAUTH(5, false),
    WORKOS(0, true);

    private final int slowDownStepSeconds;
    private final boolean sessionRefreshable;

    Dialect(int slowDownStepSeconds, boolean sessionRefreshable) {
        this.slowDownStepSeconds = slowDownStepSeconds;
        this.sessionRefreshable = sessionRefreshable;
    }

    public int slowDownStepSeconds() {
        return slowDownStepSeconds;
    }

    public boolean sessionRefreshable() {
        return sessionRefreshable;
    }
}
