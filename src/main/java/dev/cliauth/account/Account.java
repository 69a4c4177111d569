package dev.cliauth.account;

/**
 * A built-in account.
 *
 * @param org          tenant
 * @param subject      stable id, the {@code sub} of tokens
 * @param email        sign-in name, stored lower-case
 * @param name         display name
 * @param passwordHash bcrypt hash
 * @param disabled     a disabled account can neither sign in nor approve
 */
public record Account(String org, String subject, String email, String name, String passwordHash, boolean disabled) {

    @Override
    public String toString() {
        return "Account[" + org + "/" + subject + "]";
    }
}
