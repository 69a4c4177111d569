package dev.cliauth.verification;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.cliauth.local.Seed;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.Axe;
import dev.cliauth.testing.LocalModeServer;
import dev.cliauth.testing.WebhookReceiver;
import dev.cliauth.webhook.WebhookSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The people's side in a real Chromium (issue 11): the org admin creates an application in the
 * portal, a CLI logs in with it, the user approves, finds the CLI
 * under "Your devices" and revokes it, and the CLI's next refresh is {@code invalid_grant}; "This
 * wasn't me" reaches the device as {@code access_denied} and the org's webhook receiver gets a
 * signed event it can verify; a German browser gets German pages. Each walk runs at a phone's
 * 390×844 and a desktop's 1280×900; every page it passes is saved at both sizes under
 * {@code target/screenshots/people/} and checked with axe-core. Local mode serves it (the real
 * handlers, cliauth's engine, and the engine's inserts feeding the real webhook function).
 */
class PeopleSideBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots", "people");
    private static final String MISSING = CHROMIUM + " and " + CHROMEDRIVER + " are needed for PeopleSideBrowserTest";

    private static final String ACME_ADMIN = "root@acme.example";
    private static final String ACME_ADMIN_PASSWORD = "acme-admin-password";

    private static LocalModeServer server;
    private static String base;
    private static HttpClient http;
    private static WebhookReceiver receiver;
    private static String secret;

    private ChromeDriver driver;
    private Path profile;

    @BeforeAll
    static void startServer() throws Exception {
        if (!installed()) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(MISSING + ": run .ci/run, which installs them (.ci/install-browser.sh)");
            }
            return;
        }
        server = LocalModeServer.start("cliauth-people-test");
        base = server.base();
        http = HttpClient.newBuilder().connectTimeout(WAIT).build();
        receiver = new WebhookReceiver();
        secret = WebhookSignature.newSecret(new SecureRandom());
        try (var dynamo = server.dynamo()) {
            dynamo.putItem(p -> p.tableName("cliauth-people-test").item(Map.of(Keys.PK, Attrs.s(Keys.webhook("default")),
                    Keys.ORG, Attrs.s("default"), "url", Attrs.s(receiver.url()), "secret", Attrs.s(secret),
                    "events", Attrs.list(List.of()))));
            // An admin of org acme, whose settings (unlike the default org's) are the org's own to change.
            new Seed(dynamo, "cliauth-people-test").account(Seed.ACME_ORG, ACME_ADMIN, "acme-admin-1", "Acme Admin",
                    ACME_ADMIN_PASSWORD, false).role(Seed.ACME_ORG, ACME_ADMIN, "admin");
        }
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
            receiver.close();
        }
    }

    private void startBrowser(String language, int width, int height) throws IOException {
        Assumptions.assumeTrue(installed(), () -> MISSING + "; skipped. Install them with .ci/install-browser.sh.");
        profile = Files.createTempDirectory("cliauth-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", width < 500));
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
            profile = null;
        }
    }

    @Test
    void devicesWhenTheUserRevokesOnAPhoneThenTheCliRefreshIsInvalidGrant() throws Exception {
        revokeWalk(390, 844, "phone");
    }

    @Test
    void devicesWhenTheUserRevokesOnADesktopThenTheCliRefreshIsInvalidGrant() throws Exception {
        revokeWalk(1280, 900, "desktop");
    }

    @Test
    void notMeOnAPhoneThenAccessDeniedAndTheReceiverVerifiesTheSignedEvent() throws Exception {
        notMeWalk(390, 844, "phone");
    }

    @Test
    void notMeOnADesktopThenAccessDeniedAndTheReceiverVerifiesTheSignedEvent() throws Exception {
        notMeWalk(1280, 900, "desktop");
    }

    @Test
    void germanBrowserOnAPhoneAndADesktopGetsGermanPages() throws Exception {
        for (int[] size : new int[][]{{390, 844}, {1280, 900}}) {
            String label = size[0] < 500 ? "phone" : "desktop";
            startBrowser("de", size[0], size[1]);
            Map<String, Object> login = startLogin("openid email");
            driver.get((String) login.get("verification_uri_complete"));
            heading("Auf Ihrem Gerät anmelden");
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
            shot("de-code-entry", label);
            button("Weiter").click();
            heading("Anmelden");
            shot("de-sign-in", label);
            signIn("Anmelden");
            heading("Demo CLI zulassen?");
            assertThat(driver.findElement(By.tagName("body")).getText()).contains("Zustimmen", "Ablehnen", "Das war ich nicht",
                    "Bestätigen, wer Sie sind", "UTC").doesNotContain("Approve");
            shot("de-confirm", label);
            button("Ablehnen").click();
            heading("Anfrage abgelehnt");
            shot("de-denied", label);
            driver.findElement(By.linkText("English")).click();
            heading("Request denied");
            stopBrowser();
        }
    }

    /**
     * The org admin creates the application the CLI logs in with, in the portal, and passes every
     * portal page on the way (a confidential application's secret, an invitation and its link).
     */
    private String portalWalk(String label) throws IOException {
        String clientId = "people-cli-" + label;
        driver.get(base + "/portal/applications");
        heading("Sign in");
        shot("portal-sign-in", label);
        driver.findElement(By.id("username")).sendKeys(Seed.ADMIN_EMAIL);
        driver.findElement(By.id("password")).sendKeys(Seed.ADMIN_PASSWORD);
        button("Sign in").click();
        heading("Applications");
        shot("portal-applications", label);
        driver.findElement(By.id("client_id")).sendKeys(clientId);
        driver.findElement(By.id("name")).sendKeys("People CLI " + label);
        driver.findElement(By.id("user_code_format")).sendKeys("digits:4:2");
        button("Create application").click();
        heading("Applications");
        assertThat(driver.findElement(By.id("error")).getText()).contains("fewer than 33 bits");
        shot("portal-applications-refused", label);
        driver.findElement(By.id("user_code_format")).clear();
        button("Create application").click();
        heading("People CLI " + label);
        assertThat(driver.findElement(By.cssSelector(".notice")).getText()).isEqualTo("The application was created.");
        shot("portal-application", label);

        driver.get(base + "/portal/applications");
        heading("Applications");
        driver.findElement(By.id("client_id")).sendKeys(clientId + "-server");
        driver.findElement(By.id("name")).sendKeys("People server " + label);
        driver.findElement(By.cssSelector("input[name=type][value=confidential]")).click();
        button("Create application").click();
        heading("Client secret of People server " + label);
        assertThat(driver.findElement(By.id("client_secret")).getText()).hasSizeGreaterThan(40);
        shot("portal-secret", label);

        driver.get(base + "/portal/users");
        heading("Accounts");
        driver.findElement(By.id("email")).sendKeys("invited-" + label + "@example.com");
        driver.findElement(By.id("name")).sendKeys("Invited " + label);
        button("Create invitation").click();
        heading("Invitation for invited-" + label + "@example.com");
        String link = driver.findElement(By.id("invite_link")).getText();
        shot("portal-invited", label);
        driver.get(base + "/portal/users");
        heading("Accounts");
        shot("portal-users", label);
        driver.get(base + "/portal/settings");
        heading("Organisation settings");
        shot("portal-settings", label);
        driver.get(base + "/portal/audit?event=portal_change");
        heading("Audit trail");
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("application created");
        shot("portal-audit", label);
        driver.findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
        heading("Sign in on your device");

        // Org acme's settings, as its admin: the accent colour changes its pages.
        driver.get(base + "/orgs/acme/portal/settings");
        heading("Sign in");
        driver.findElement(By.id("username")).sendKeys(ACME_ADMIN);
        driver.findElement(By.id("password")).sendKeys(ACME_ADMIN_PASSWORD);
        button("Sign in").click();
        heading("Applications");
        driver.get(base + "/orgs/acme/portal/settings");
        heading("Organisation settings");
        WebElement accent = driver.findElement(By.id("accent"));
        accent.clear();
        accent.sendKeys("#8a2be2");
        button("Save settings").click();
        heading("Organisation settings");
        assertThat(driver.findElement(By.cssSelector(".notice")).getText()).isEqualTo("Saved.");
        assertThat(driver.findElement(By.cssSelector("button.primary")).getCssValue("background-color"))
                .isEqualTo("rgba(138, 43, 226, 1)");
        shot("portal-org-settings", label);
        driver.findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
        heading("Sign in on your device");

        driver.get(link);
        heading("Choose your password");
        shot("portal-welcome", label);
        driver.findElement(By.id("password")).sendKeys("invited-password");
        driver.findElement(By.id("again")).sendKeys("invited-password");
        button("Set password").click();
        heading("Your password is set");
        shot("portal-welcome-done", label);
        return clientId;
    }

    private void revokeWalk(int width, int height, String label) throws Exception {
        startBrowser("en-GB", width, height);
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Kolkata"));
        String clientId = portalWalk(label);
        Map<String, Object> login = startLogin(clientId, "openid email offline_access");
        driver.get((String) login.get("verification_uri_complete"));
        heading("Sign in on your device");
        shot("code-entry", label);
        button("Continue").click();
        heading("Sign in");
        shot("sign-in", label);
        signIn("Sign in");
        heading("Allow People CLI " + label + "?");
        // The page script shows the request's time in the browser's zone (the server sent UTC with its offset).
        WebElement requested = driver.findElement(By.cssSelector("time[datetime]"));
        new WebDriverWait(driver, WAIT).until(d -> requested.getText().contains("GMT+5:30"));
        assertThat(requested.getText()).doesNotContain("UTC+00:00");
        assertThat(focusOrder(8)).as("keyboard focus order on the confirmation").containsExactly("Deny", "Approve",
                "This wasn't me", "Sign out", "Your devices", "Deutsch", "Français", "Español");
        shot("confirm", label);
        button("Approve").click();
        heading("You're signed in");
        shot("approved", label);
        // Back to the confirmation: a GET, never "Confirm Form Resubmission".
        driver.navigate().back();
        assertThat(driver.getCurrentUrl()).contains("/device/view?v=");
        assertThat(driver.findElements(By.tagName("h1"))).isNotEmpty();
        driver.navigate().forward();

        Map<String, Object> tokens = pollUntilDone(login, clientId);
        assertThat(tokens).containsKey("refresh_token");

        driver.get(base + "/devices");
        heading("Your devices");
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("People CLI " + label, "Confirm who you are",
                "(says of itself, not verified)", "cliauth-people-test/1", "not yet");
        // The zone the script kept in a cookie: the server itself now renders times in it.
        assertThat(driver.getPageSource()).contains("UTC+05:30");
        shot("devices", label);
        List<WebElement> revoke = driver.findElements(By.xpath("//button[normalize-space()='Revoke']"));
        assertThat(revoke).isNotEmpty();
        revoke.get(0).click();
        heading("Your devices");
        assertThat(driver.findElement(By.cssSelector(".notice")).getText()).startsWith("Revoked");
        shot("devices-revoked", label);

        HttpResponse<String> refreshed = post("/oauth2/token", "grant_type=refresh_token&client_id=" + enc(clientId) + "&refresh_token="
                + enc((String) tokens.get("refresh_token")));
        assertThat(refreshed.statusCode()).isEqualTo(400);
        assertThat(JSONObjectUtils.parse(refreshed.body())).containsEntry("error", "invalid_grant");

        driver.findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
        heading("Sign in on your device");
        shot("signed-out", label);
    }

    private void notMeWalk(int width, int height, String label) throws Exception {
        startBrowser("en-GB", width, height);
        Map<String, Object> login = startLogin("openid email");
        driver.get((String) login.get("verification_uri_complete"));
        button("Continue").click();
        heading("Sign in");
        signIn("Sign in");
        heading("Allow Demo CLI?");
        int before = receiver.deliveries().size();
        button("This wasn't me").click();
        heading("Thanks: the request was refused");
        shot("not-me", label);

        Thread.sleep(1_100);    // the device's interval (local mode: 1 s)
        HttpResponse<String> poll = post("/oauth2/token", "grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code")
                + "&client_id=demo-cli&device_code=" + enc((String) login.get("device_code")));
        assertThat(JSONObjectUtils.parse(poll.body())).containsEntry("error", "access_denied");

        server.webhooksDelivered();
        List<WebhookReceiver.Delivery> notMe = receiver.deliveries().subList(before, receiver.deliveries().size()).stream()
                .filter(d -> d.body().contains("\"type\":\"not_me\"")).toList();
        assertThat(notMe).hasSize(1);
        WebhookReceiver.Delivery d = notMe.get(0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((d.id() + "." + d.timestamp() + "." + d.body())
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(d.signature()).isEqualTo(expected);
        assertThat(Math.abs(Long.parseLong(d.timestamp()) - System.currentTimeMillis() / 1000)).isLessThan(60);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) JSONObjectUtils.parse(d.body()).get("data");
        assertThat(data).containsEntry("email", Seed.DEMO_EMAIL).containsEntry("requester_agent", "cliauth-people-test/1")
                .containsEntry("client_id", "demo-cli").containsKey("requester_ip").containsKey("source_ip");
        // The browser was signed out: /devices asks to sign in.
        driver.get(base + "/devices");
        heading("Sign in");
        shot("devices-sign-in", label);
    }

    /** Saves the page at a phone's and a desktop's size (relaid out in place), and checks it with axe-core. */
    private void shot(String page, String walk) throws IOException {
        for (int[] size : new int[][]{{390, 844}, {1280, 900}}) {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", size[0], "height", size[1],
                    "deviceScaleFactor", 1, "mobile", size[0] < 500));
            Files.write(SCREENSHOTS.resolve(page + "-" + (size[0] < 500 ? "phone" : "desktop") + "-in-" + walk + "-walk.png"),
                    driver.getScreenshotAs(OutputType.BYTES));
            Object overflow = driver.executeScript("return document.documentElement.scrollWidth > window.innerWidth");
            assertThat(overflow).as("%s at %d px: nothing wider than the screen", page, size[0]).isEqualTo(false);
        }
        boolean phone = "phone".equals(walk);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", phone ? 390 : 1280,
                "height", phone ? 844 : 900, "deviceScaleFactor", 1, "mobile", phone));
        String axeMissing = Axe.install();
        if (axeMissing == null) {
            List<Axe.Violation> violations = Axe.check(driver);
            violations.forEach(v -> System.out.println("axe " + page + ": " + v));
            assertThat(violations).as("serious or critical accessibility violations on %s", page)
                    .noneMatch(v -> "serious".equals(v.impact()) || "critical".equals(v.impact()));
        } else if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(axeMissing + ": run .ci/run, which installs npm");
        }
    }

    /** What the first {@code steps} presses of Tab focus, from the top of the page, by their visible text. */
    private List<String> focusOrder(int steps) {
        driver.executeScript("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        List<String> order = new java.util.ArrayList<>();
        for (int i = 0; i < steps; i++) {
            new org.openqa.selenium.interactions.Actions(driver).sendKeys(org.openqa.selenium.Keys.TAB).perform();
            order.add(String.valueOf(driver.executeScript("return document.activeElement.textContent.trim()")));
        }
        return order;
    }

    private void signIn(String button) {
        driver.findElement(By.id("username")).sendKeys(Seed.DEMO_EMAIL);
        driver.findElement(By.id("password")).sendKeys(Seed.DEMO_PASSWORD);
        button(button).click();
    }

    private WebElement button(String text) {
        return driver.findElement(By.xpath("//button[normalize-space()=\"" + text + "\"]"));
    }

    private void heading(String text) {
        // While a page replaces another, an element found a moment ago may be gone (stale, or "does not
        // belong to the document"): such a try counts as not yet.
        new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> d.findElements(By.tagName("h1")).stream().anyMatch(h -> h.getText().equals(text)));
    }

    private static Map<String, Object> startLogin(String scope) throws Exception {
        return startLogin(Seed.DEMO_CLIENT, scope);
    }

    private static Map<String, Object> startLogin(String clientId, String scope) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/device_authorization"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("User-Agent", "cliauth-people-test/1")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=" + enc(clientId) + "&scope=" + enc(scope))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSONObjectUtils.parse(r.body());
    }

    private static Map<String, Object> pollUntilDone(Map<String, Object> login, String clientId) throws Exception {
        for (int i = 0; i < 30; i++) {
            Thread.sleep(1_100);
            HttpResponse<String> r = post("/oauth2/token", "grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code")
                    + "&client_id=" + enc(clientId) + "&device_code=" + enc((String) login.get("device_code")));
            Map<String, Object> body = JSONObjectUtils.parse(r.body());
            if (r.statusCode() == 200) {
                return body;
            }
            assertThat(body.get("error")).isIn("authorization_pending", "slow_down");
        }
        throw new AssertionError("no tokens");
    }

    private static HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "cliauth-people-test/1").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }
}
