package dev.cliauth.flow;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.local.Seed;
import dev.cliauth.testing.LocalModeServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CLI written for WorkOS AuthKit (src/test/node/workos-cli-auth.mjs, run by Node, its host the
 * only change) against local mode, while a real headless Chromium signs in and approves: the CLI
 * gets tokens in WorkOS's shape, and the access token verifies against the published keys. A poll
 * of the same code replayed from outside (a request retried on the way) makes the loop's next poll
 * early: it gets {@code slow_down}, adds its one second, and still signs in.
 *
 * <p>Needs Node.js and Debian's {@code chromium} and {@code chromium-driver}; skipped without them
 * here, a failure on CI ({@code .ci/run} installs them).
 */
class WorkOsCliAuthTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCRIPT = Path.of("src", "test", "node", "workos-cli-auth.mjs");
    private static final String TABLE = "cliauth-workos-test";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static LocalModeServer server;
    private static String base;

    @BeforeAll
    static void startServer() throws Exception {
        if (missing() != null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(missing() + ": run .ci/run, which installs them");
            }
            return;
        }
        server = LocalModeServer.start(TABLE);
        base = server.base();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void workOsPollingLoopWhenTheBrowserApprovesThenTokensInWorkOsShape() throws Exception {
        Assumptions.assumeTrue(missing() == null, () -> missing() + "; skipped (install them, or run .ci/run)");
        Process cli = new ProcessBuilder(node().toString(), SCRIPT.toString(), base, Seed.DEMO_CLIENT)
                .redirectErrorStream(true).start();
        ChromeDriver driver = null;
        Path profile = Files.createTempDirectory("cliauth-chromium-");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).as("the CLI's first line").isNotNull();
            Map<String, Object> shown = JSONObjectUtils.parse(first);
            assertThat(shown.get("verification_uri")).isEqualTo(base + "/device");
            // Done before the browser starts: a retried poll on time after the approval would redeem the
            // code itself (and the loop's next poll would rightly get invalid_grant).
            List<String> retried = retriedPolls((String) shown.get("device_code")).get(10, TimeUnit.SECONDS);

            driver = browser(profile);
            driver.get((String) shown.get("verification_uri_complete"));
            assertThat(driver.findElement(By.id("user_code")).getDomProperty("value")).isEqualTo(shown.get("user_code"));
            button(driver, "Continue").click();
            waitForHeading(driver, "Sign in");
            driver.findElement(By.id("username")).sendKeys(Seed.DEMO_EMAIL);
            driver.findElement(By.id("password")).sendKeys(Seed.DEMO_PASSWORD);
            button(driver, "Sign in").click();
            waitForHeading(driver, "Allow Demo CLI?");
            button(driver, "Approve").click();
            waitForHeading(driver, "You're signed in");

            List<String> rest = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                rest.add(line);
            }
            assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(cli.exitValue()).as(String.join("\n", rest)).isZero();
            assertThat(retried).as("the retried polls").contains("slow_down").doesNotContainNull();
            List<Object> polled = new ArrayList<>();
            for (String line : rest.subList(0, rest.size() - 1)) {
                polled.add(JSONObjectUtils.parse(line).get("polled"));
            }
            assertThat(polled).as(String.join("\n", rest)).contains("slow_down").endsWith("ok")
                    .containsOnly("authorization_pending", "slow_down", "ok");
            Map<String, Object> result = JSONObjectUtils.parse(rest.get(rest.size() - 1));
            assertThat(result).containsEntry("outcome", "signed_in").containsEntry("authentication_method", "Password")
                    .containsEntry("organization_id", null);
            @SuppressWarnings("unchecked")
            Map<String, Object> user = (Map<String, Object>) result.get("user");
            assertThat(user).containsEntry("object", "user").containsEntry("id", "demo-user-1")
                    .containsEntry("email", Seed.DEMO_EMAIL).containsEntry("first_name", "Demo");
            assertThat((String) result.get("refresh_token")).hasSize(43);

            SignedJWT accessToken = SignedJWT.parse((String) result.get("access_token"));
            HttpClient http = HttpClient.newHttpClient();
            JWKSet keys = JWKSet.parse(http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/jwks")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JWK key = keys.getKeyByKeyId(accessToken.getHeader().getKeyID());
            assertThat(accessToken.verify(new ECDSAVerifier(key.toECKey()))).isTrue();
            assertThat(accessToken.getJWTClaimsSet().getIssuer()).isEqualTo(base);
        } finally {
            cli.destroyForcibly();
            if (driver != null) {
                driver.quit();
            }
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /**
     * Polls of {@code deviceCode} from outside, as requests retried on the way would arrive: one
     * every 100 ms for 1.5 s from 1.2 s on, so the loop's poll in that window (it polls every second
     * here) comes early. The errors they got.
     */
    private static CompletableFuture<List<String>> retriedPolls(String deviceCode) {
        HttpRequest poll = HttpRequest.newBuilder(URI.create(base + "/user_management/authenticate"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"
                        + "&device_code=" + deviceCode + "&client_id=" + Seed.DEMO_CLIENT)).build();
        return CompletableFuture.supplyAsync(() -> {
            List<String> errors = new ArrayList<>();
            try {
                HttpClient http = HttpClient.newHttpClient();
                Thread.sleep(1_200);
                for (int i = 0; i < 15; i++) {
                    errors.add((String) JSONObjectUtils.parse(http.send(poll, HttpResponse.BodyHandlers.ofString()).body())
                            .get("error"));
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return errors;
        });
    }

    private static ChromeDriver browser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        return driver;
    }

    private static WebElement button(ChromeDriver driver, String text) {
        List<WebElement> found = driver.findElements(By.tagName("button")).stream()
                .filter(b -> b.getText().trim().equals(text)).toList();
        assertThat(found).as("one button \"%s\"", text).hasSize(1);
        return found.get(0);
    }

    private static void waitForHeading(ChromeDriver driver, String heading) {
        new WebDriverWait(driver, WAIT).withMessage(() -> "heading \"" + heading + "\" on " + driver.getCurrentUrl())
                .until(ExpectedConditions.textToBe(By.tagName("h1"), heading));
    }

    /** What this test needs and this machine lacks, or {@code null}. */
    private static String missing() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return CHROMIUM + " and " + CHROMEDRIVER + " are needed for WorkOsCliAuthTest";
        }
        return node() == null ? "Node.js (node on PATH) is needed for WorkOsCliAuthTest" : null;
    }

    private static Path node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
