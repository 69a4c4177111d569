package dev.cliauth.testing;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.openqa.selenium.JavascriptExecutor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * axe-core (npm, the version {@code src/test/node/axe/package.json} pins, installed into
 * {@code target/axe} once) run in the browser on the page it shows: its violations.
 */
public final class Axe {

    private static final Path SOURCE = Path.of("src", "test", "node", "axe", "package.json");
    private static final Path TARGET = Path.of("target", "axe");
    private static final Path SCRIPT = TARGET.resolve("node_modules").resolve("axe-core").resolve("axe.min.js");

    /** One rule broken on the page: its id, impact and how many elements break it. */
    public record Violation(String id, String impact, int nodes, String help) {
    }

    private Axe() {
    }

    /** Why axe-core cannot be installed here, or null once it is. */
    public static synchronized String install() {
        try {
            String wanted = Files.readString(SOURCE, StandardCharsets.UTF_8);
            Path installed = TARGET.resolve("package.json");
            if (Files.exists(SCRIPT) && Files.exists(installed) && Files.readString(installed).equals(wanted)) {
                return null;
            }
            Files.createDirectories(TARGET);
            Files.copy(SOURCE, installed, StandardCopyOption.REPLACE_EXISTING);
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error")
                    .directory(TARGET.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(TARGET.resolve("npm.log").toFile())).start();
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0 || !Files.exists(SCRIPT)) {
                npm.destroyForcibly();
                Files.deleteIfExists(installed);
                return "npm install axe-core failed; see " + TARGET.resolve("npm.log");
            }
            return null;
        } catch (IOException e) {
            return "npm is needed to install axe-core: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Runs axe-core on the page {@code browser} shows (WCAG 2.x A and AA rules, and best practices). */
    public static List<Violation> check(JavascriptExecutor browser) throws IOException {
        browser.executeScript(Files.readString(SCRIPT, StandardCharsets.UTF_8));
        Object result = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact,"
                + " nodes: v.nodes.length, help: v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', ')})))))"
                + ".catch(e => done('error: ' + e));");
        String json = String.valueOf(result);
        if (json.startsWith("error: ")) {
            throw new IllegalStateException("axe-core failed: " + json);
        }
        List<Violation> out = new ArrayList<>();
        try {
            for (Object o : JSONObjectUtils.parse("{\"v\":" + json + "}").get("v") instanceof List<?> l ? l : List.of()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> v = (Map<String, Object>) o;
                out.add(new Violation((String) v.get("id"), (String) v.get("impact"), ((Number) v.get("nodes")).intValue(),
                        (String) v.get("help")));
            }
        } catch (ParseException e) {
            throw new IllegalStateException("axe-core answered " + json, e);
        }
        return out;
    }
}
