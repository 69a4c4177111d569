package dev.cliauth.refresh;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Locale;

/**
 * Whether a client gets refresh tokens (SPEC §7, §8): {@code always}, only when the user granted
 * {@code offline_access} (the default, as WorkOS Connect and OpenID Connect Core §11 do), or
 * {@code never}.
 */
public enum RefreshPolicy {
    ALWAYS, OFFLINE_ACCESS, NEVER;

    public static final String OFFLINE_SCOPE = "offline_access";

    /** The stored form ({@code always}, {@code offline_access}, {@code never}); absent means the default. */
    public static RefreshPolicy parse(@Nullable String stored) {
        if (stored == null || stored.isEmpty()) {
            return OFFLINE_ACCESS;
        }
        return switch (stored) {
            case "always" -> ALWAYS;
            case "offline_access" -> OFFLINE_ACCESS;
            case "never" -> NEVER;
            default -> throw new IllegalStateException("unknown refresh policy '" + stored + "'");
        };
    }

    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether tokens granted with {@code scopes} come with a refresh token; {@code sessionRefreshable}
     * for dialects whose sessions are refreshable whatever the scope (WorkOS AuthKit, SPEC §14).
     */
    public boolean issues(List<String> scopes, boolean sessionRefreshable) {
        return switch (this) {
            case ALWAYS -> true;
            case NEVER -> false;
            case OFFLINE_ACCESS -> sessionRefreshable || scopes.contains(OFFLINE_SCOPE);
        };
    }
}
