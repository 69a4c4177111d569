package dev.cliauth.org;

/**
 * An org: a tenant with its own issuer, clients, users, keys and settings.
 *
 * @param id   lowercase letters, digits and {@code -}, 1–63 characters ({@link OrgId})
 * @param name what people are shown
 */
public record Org(String id, String name) {

    /** The org un-prefixed paths serve; it needs no stored record. */
    public static final Org DEFAULT = new Org(OrgId.DEFAULT, "Default");

    public boolean isDefault() {
        return OrgId.DEFAULT.equals(id);
    }
}
