package dev.cliauth.portal;

import io.micronaut.core.annotation.Nullable;

/**
 * A portal page that says how something ended ({@code portal/outcome.jte}); its texts are
 * {@code portal.outcome.<key>.title}, {@code .heading}, {@code .p1} and {@code .link}.
 *
 * @param key  which outcome
 * @param link where its one link leads, or null for none
 */
public record PortalOutcome(String key, @Nullable String link) {
}
