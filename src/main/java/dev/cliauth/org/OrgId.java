package dev.cliauth.org;

import io.micronaut.core.annotation.Nullable;

/** The form of an org id (SPEC §8): lowercase letters, digits and {@code -}, 1–63 characters. */
public final class OrgId {

    public static final String DEFAULT = "default";
    public static final int MAX_LENGTH = 63;

    private OrgId() {
    }

    public static boolean valid(@Nullable String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The org id a request path names: the segment after {@code /orgs/} (any form, checked by the
     * caller), or {@link #DEFAULT} for every path outside {@code /orgs/}.
     */
    public static String ofPath(String path) {
        if (!path.startsWith("/orgs/")) {
            return DEFAULT;
        }
        int end = path.indexOf('/', "/orgs/".length());
        return path.substring("/orgs/".length(), end < 0 ? path.length() : end);
    }
}
