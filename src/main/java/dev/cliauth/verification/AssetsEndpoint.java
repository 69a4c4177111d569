package dev.cliauth.verification;

import dev.cliauth.config.Functions;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /device/assets/{+path}}: the stylesheet and the favicon, read once at init; any other
 * path is a 404 page.
 */
@Controller
@Requires(env = Functions.VERIFICATION)
public class AssetsEndpoint {

    private static final String STYLE_PATH = "/device/assets/style.css";
    private static final String ICON_PATH = "/device/assets/favicon.svg";
    private static final String SCRIPT_PATH = "/device/assets/localtime.js";

    private final String style = read("assets/style.css");
    private final String icon = read("assets/favicon.svg");
    private final String script = read("assets/localtime.js");
    private final PageRenderer renderer;

    public AssetsEndpoint(PageRenderer renderer) {
        this.renderer = renderer;
    }

    @Get(uri = "/device/assets/{+path}", produces = MediaType.ALL)
    public HttpResponse<String> asset(WebRequest request) {
        if (ICON_PATH.equals(request.path())) {
            // An SVG opened on its own is a document: it may run nothing and load nothing.
            return HttpResponse.ok(icon)
                    .header("Content-Type", "image/svg+xml")
                    .header("Cache-Control", "public, max-age=86400")
                    .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                    .header("X-Content-Type-Options", "nosniff");
        }
        if (SCRIPT_PATH.equals(request.path())) {
            // Times in the reader's zone; the pages work the same without it.
            return HttpResponse.ok(script)
                    .header("Content-Type", "text/javascript; charset=utf-8")
                    .header("Cache-Control", "public, max-age=3600")
                    .header("X-Content-Type-Options", "nosniff");
        }
        if (!STYLE_PATH.equals(request.path())) {
            return renderer.render(Pages.notFound());
        }
        return HttpResponse.ok(style)
                .header("Content-Type", "text/css; charset=utf-8")
                .header("Cache-Control", "public, max-age=3600")
                .header("X-Content-Type-Options", "nosniff");
    }

    private static String read(String path) {
        try (InputStream in = AssetsEndpoint.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing asset " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
