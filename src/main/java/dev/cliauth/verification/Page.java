package dev.cliauth.verification;

import io.micronaut.core.annotation.Nullable;

/**
 * A page to send: its HTTP status, the JTE template ({@code src/main/jte}) and the one value the
 * template takes. {@link Pages} makes them; {@link PageRenderer} renders them.
 *
 * @param status   HTTP status
 * @param template template name, e.g. {@code confirm.jte}
 * @param model    the template's {@code @param}
 * @param alsoPostsTo an origin besides the page's own that its forms lead to in the end (the org's
 *                 OpenID provider, for the company sign-in form), allowed in its CSP; null for none
 */
public record Page(int status, String template, Object model, @Nullable String alsoPostsTo) {

    public Page(int status, String template, Object model) {
        this(status, template, model, null);
    }

    /** This page, its forms also leading to {@code origin} in the end. */
    public Page postingTo(@Nullable String origin) {
        return new Page(status, template, model, origin);
    }
}
