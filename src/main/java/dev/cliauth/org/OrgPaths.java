package dev.cliauth.org;

/**
 * The paths of an org's endpoints (SPEC §2): the standard paths for {@code default}, the
 * org-scoped family under {@code /orgs/{orgId}} for every other org.
 */
public final class OrgPaths {

    private OrgPaths() {
    }

    /** {@code ""} for the default org, {@code /orgs/{orgId}} for the others. */
    public static String prefix(String org) {
        return OrgId.DEFAULT.equals(org) ? "" : "/orgs/" + org;
    }

    /** The verification page, where users enter codes. */
    public static String devicePage(String org) {
        return prefix(org) + "/device";
    }

    /** "Your devices": the CLI sessions a user approved, and revoking them (SPEC §13). */
    public static String devicesPage(String org) {
        return prefix(org) + "/devices";
    }

    /** The org portal, for the org's admins (SPEC §8). */
    public static String portal(String org) {
        return prefix(org) + "/portal";
    }

    public static String deviceAuthorization(String org) {
        return OrgId.DEFAULT.equals(org) ? "/oauth2/device_authorization" : prefix(org) + "/api/v1/oauth/device_authorization";
    }

    public static String token(String org) {
        return OrgId.DEFAULT.equals(org) ? "/oauth2/token" : prefix(org) + "/api/v1/oauth/token";
    }

    public static String revoke(String org) {
        return OrgId.DEFAULT.equals(org) ? "/oauth2/revoke" : prefix(org) + "/api/v1/oauth/revoke";
    }

    public static String userinfo(String org) {
        return prefix(org) + "/oauth2/userinfo";
    }

    public static String jwks(String org) {
        return prefix(org) + "/oauth2/jwks";
    }
}
