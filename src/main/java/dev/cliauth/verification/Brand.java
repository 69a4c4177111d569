package dev.cliauth.verification;

import dev.cliauth.org.Org;
import io.micronaut.core.annotation.Nullable;

import java.util.regex.Pattern;

/**
 * How an org's pages show whose sign-in they are (SPEC §8): its name on every page and in the title,
 * its logo (an HTTPS image, allowed in that page's CSP only), and its accent colour (a {@code <style>}
 * of one custom property, allowed in the CSP by its hash; never a value a browser could run).
 *
 * @param name    the org's name, or null for the default org (the pages say "Device sign-in")
 * @param logoUrl an {@code https:} image URL, or null
 * @param style   {@code :root{--accent:#rrggbb}}, or null
 */
public record Brand(@Nullable String name, @Nullable String logoUrl, @Nullable String style) {

    public static final Brand NONE = new Brand(null, null, null);
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern LOGO = Pattern.compile("https://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?/[A-Za-z0-9._~/%+-]{0,500}");

    /** The brand of {@code org}: nothing for the default org without a stored name, else what it set and is safe. */
    public static Brand of(Org org) {
        if (org.isDefault() && org.logoUrl() == null && org.accent() == null) {
            return NONE;
        }
        return new Brand(org.name(), logoUrl(org.logoUrl()),
                accent(org.accent()) ? ":root{--accent:" + org.accent() + "}" : null);
    }

    /** Whether {@code colour} can be an accent: {@code #rrggbb}. */
    public static boolean accent(@Nullable String colour) {
        return colour != null && COLOUR.matcher(colour).matches();
    }

    /** {@code url} when it is a plain https image URL (no query, no quotes, nothing a CSP could be split on). */
    public static @Nullable String logoUrl(@Nullable String url) {
        return url != null && LOGO.matcher(url).matches() ? url : null;
    }

    /** The logo's origin, for the page's {@code img-src}; null without a logo. */
    public @Nullable String logoOrigin() {
        if (logoUrl == null) {
            return null;
        }
        int slash = logoUrl.indexOf('/', "https://".length());
        return logoUrl.substring(0, slash);
    }
}
