package dev.cliauth.store;

import dev.cliauth.code.UserCodeFormat;

import java.util.Locale;

/**
 * Partition keys of the single table. Type first, then org, so IAM can grant each function
 * exactly the prefixes it needs ({@code dynamodb:LeadingKeys}); every item also carries its org.
 */
public final class Keys {

    public static final String PK = "pk";
    public static final String TTL = "ttl";
    public static final String ORG = "org";
    /** The sparse GSI on the normalised user code, present only while a grant is pending. */
    public static final String USER_CODE_INDEX = "user_code";
    public static final String USER_CODE_KEY = "user_code_key";
    /** The index of refresh-token families by owner ("your devices"), keys only. */
    public static final String DEVICES_INDEX = "devices";
    /** A family's owner, {@code <org>#<subject>}: the {@link #DEVICES_INDEX} key. */
    public static final String DEVICE_OWNER = "device_owner";
    public static final String DEFAULT_ORG = "default";
    /** The org portal's lists (applications, accounts, audit events), keyed {@link #ORG_LIST} and {@link #ORG_SORT}. */
    public static final String ORG_INDEX = "org_items";
    /** Which list of which org an item is in: {@code <org>#client}, {@code <org>#user} or {@code <org>#audit}. */
    public static final String ORG_LIST = "org_list";
    /** Where in its list an item sorts: client id, email, or time then a random part. */
    public static final String ORG_SORT = "org_sort";

    private Keys() {
    }

    public static String org(String org) {
        return "ORG#" + org;
    }

    public static String grant(String deviceCodeHash) {
        return "GRANT#" + deviceCodeHash;
    }

    /** An audit event of {@code org} at {@code at}: sortable by time within the org's prefix. */
    public static String audit(String org, long at, String random) {
        return "AUDIT#" + org + "#" + String.format(Locale.ROOT, "%013d", at) + "#" + random;
    }

    /** The reservation of a user code, shown or normal: keyed by its normal form, so formats cannot collide. */
    public static String userCodeLock(String org, String userCode) {
        return "USERCODE#" + org + "#" + UserCodeFormat.normal(userCode);
    }

    /** The user-code index key of a code, shown or normal. */
    public static String userCodeIndex(String org, String userCode) {
        return org + "#" + UserCodeFormat.normal(userCode);
    }

    /** The portal list of {@code org}'s applications ({@link #ORG_LIST}), sorted by client id. */
    public static String clientList(String org) {
        return org + "#client";
    }

    /** The portal list of {@code org}'s accounts, sorted by email. */
    public static String userList(String org) {
        return org + "#user";
    }

    /** The portal list of {@code org}'s audit events, sorted by time. */
    public static String auditList(String org) {
        return org + "#audit";
    }

    /** An audit event's place in its list: the time (13 digits, so text order is time order), then its random part. */
    public static String auditSort(long at, String random) {
        return String.format(Locale.ROOT, "%013d", at) + "#" + random;
    }

    public static String client(String org, String clientId) {
        return "CLIENT#" + org + "#" + clientId;
    }

    public static String user(String org, String email) {
        return "USER#" + org + "#" + email.toLowerCase(Locale.ROOT);
    }

    /** A refresh token, by the base64url SHA-256 of its value. */
    public static String refreshToken(String tokenHash) {
        return "REFRESH#" + tokenHash;
    }

    /** A refresh-token family: the tokens of one approval. */
    public static String refreshFamily(String familyId) {
        return "RFAMILY#" + familyId;
    }

    /** The owner of a refresh-token family, as the {@link #DEVICES_INDEX} keys it. */
    public static String deviceOwner(String org, String subject) {
        return org + "#" + subject;
    }

    /** An org's webhook: URL, signing secret, events (read by the webhook function only). */
    public static String webhook(String org) {
        return "WEBHOOK#" + org;
    }

    /** An access token revoked before its expiry, by its {@code jti}. */
    public static String revokedAccessToken(String jti) {
        return "REVOKED#" + jti;
    }

    public static String signingKeys(String org) {
        return "KEYS#" + org;
    }

    /** An org's company sign-in settings ({@code dev.cliauth.upstream.UpstreamConfig}). */
    public static String upstream(String org) {
        return "UPSTREAM#" + org;
    }

    /** The account a provider's subject is linked to, by the base64url SHA-256 of issuer and {@code sub}. */
    public static String upstreamLink(String org, String subjectHash) {
        return "UPLINK#" + org + "#" + subjectHash;
    }

    /** A company sign-in on its way through the provider, by the base64url SHA-256 of its {@code state}. */
    public static String upstreamState(String stateHash) {
        return "SSO#" + stateHash;
    }

    public static String sessionKey(String org) {
        return "SESSIONKEY#" + org;
    }
}
