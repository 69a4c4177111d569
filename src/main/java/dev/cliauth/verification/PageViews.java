package dev.cliauth.verification;

import dev.cliauth.config.Functions;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The page a form post ended on, kept for the GET it redirects to (POST → 303 → GET, so Back never
 * asks to resubmit a form): the page's template, status and model, in a short-lived cookie signed
 * with the org's session key and bound to the browser's CSRF nonce and to the view id in the URL.
 * Only the browser that posted can show it, and only at its own URL; Back shows the same page again
 * (as a browser cache would) and a stale form on it fails its checks as before.
 */
@Singleton
@Requires(env = {Functions.VERIFICATION, Functions.PORTAL})
public class PageViews {

    /** The cookie of a view (per org, like the others; {@code __Host-} outside plain-HTTP localhost). */
    public static final String COOKIE = "__Host-cliauth_view";
    /** How long a view can be shown again (Back, reload). */
    static final long MAX_AGE_SECONDS = 600;
    /** Browsers keep cookies up to 4096 bytes with name and attributes; a bigger page is sent as it is. */
    private static final int MOST_BYTES = 3600;
    private static final Logger LOG = LoggerFactory.getLogger(PageViews.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** The templates a view may show, with their models' types: nothing else is ever read back. */
    private static final Map<String, Class<?>> MODELS = Map.of(
            "code-entry.jte", CodeEntryPage.class,
            "sign-in.jte", SignInPage.class,
            "confirm.jte", ConfirmPage.class,
            "outcome.jte", OutcomePage.class,
            "reauth.jte", ReauthPage.class);

    private final BrowserState state;
    private final JsonMapper json;
    private final SecureRandom random;

    public PageViews(BrowserState state, JsonMapper json, SecureRandom random) {
        this.state = state;
        this.json = json;
        this.random = random;
    }

    /** A kept page: the id its URL names and the cookie value that holds it. */
    public record Kept(String id, String cookie) {
    }

    /** {@code page} kept for {@code browser}, or empty when it cannot be (too large, or a template views do not show). */
    public Optional<Kept> keep(Browser browser, Page page) {
        if (!MODELS.containsKey(page.template())) {
            return Optional.empty();
        }
        byte[] id = new byte[16];
        random.nextBytes(id);
        String viewId = B64.encodeToString(id);
        String payload;
        try {
            payload = B64.encodeToString(json.writeValueAsBytes(Map.of("t", page.template(), "s", page.status(),
                    "m", json.writeValueAsString(page.model()), "p", page.alsoPostsTo() == null ? "" : page.alsoPostsTo())));
        } catch (IOException e) {
            LOG.warn("page {} not kept ({})", page.template(), e.getClass().getSimpleName());
            return Optional.empty();
        }
        String signature = state.viewSignature(browser.org(), browser.nonce(), viewId, payload);
        String cookie = payload + "." + signature;
        if (cookie.length() > MOST_BYTES) {
            return Optional.empty();
        }
        return Optional.of(new Kept(viewId, cookie));
    }

    /** The page kept in {@code cookie} for view {@code viewId} of this browser, if it is that and intact. */
    public Optional<Page> shown(Browser browser, String viewId, String cookie) {
        if (viewId == null || cookie == null || viewId.length() != 22 || browser.presentedNonce() == null) {
            return Optional.empty();
        }
        int dot = cookie.lastIndexOf('.');
        if (dot < 0 || !state.viewSignatureValid(browser.org(), browser.presentedNonce(), viewId, cookie.substring(0, dot),
                cookie.substring(dot + 1))) {
            return Optional.empty();
        }
        try {
            Map<String, Object> view = json.readValue(B64D.decode(cookie.substring(0, dot)),
                    io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
            String template = (String) view.get("t");
            Class<?> type = MODELS.get(template);
            if (type == null) {
                return Optional.empty();
            }
            Object model = json.readValue(((String) view.get("m")).getBytes(StandardCharsets.UTF_8), type);
            String posts = (String) view.get("p");
            return Optional.of(new Page(((Number) view.get("s")).intValue(), template, model,
                    posts == null || posts.isEmpty() ? null : posts));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
