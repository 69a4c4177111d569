package dev.cliauth.verification;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.local.Seed;
import dev.cliauth.testing.Axe;
import dev.cliauth.testing.LocalModeServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole device flow as a person does it: a CLI (plain HTTP) starts a login, a real headless
 * Chromium opens {@code verification_uri_complete}, signs in and approves or denies, and the CLI
 * polls for its tokens. Runs against local mode: the real Lambda handlers behind a loopback server
 * with cliauth's DynamoDB engine in memory.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/install-browser.sh}).
 * Without them the test is skipped locally and fails on CI. Selenium Manager is never used: the
 * driver and browser paths are given explicitly, so nothing is downloaded.
 */
class BrowserFlowTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TABLE = "cliauth-browser-test";
    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CLI_AGENT = "cliauth-browser-test/1";
    /** A long agent without spaces (the server keeps 256 characters): the page must wrap it, not overflow. */
    private static final String LONG_AGENT = "some-cli/3.14.159 (linux; x86_64; build:"
            + "0123456789abcdef".repeat(12) + ")";

    private static LocalModeServer server;
    private static String base;
    private static HttpClient http;

    private ChromeDriver driver;
    private Path profile;

    @BeforeAll
    static void startServer() throws Exception {
        if (!browserInstalled()) {
            failOnCi();
            return; // each test is skipped in startBrowser(), so the report counts them as skipped
        }
        server = LocalModeServer.start(TABLE);
        base = server.base();
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(WAIT).build();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void startBrowser() throws IOException {
        Assumptions.assumeTrue(browserInstalled(), () -> MISSING + "; skipped. Install them with"
                + " .ci/install-browser.sh (Debian's chromium and chromium-driver) to run it.");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("cliauth-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void approveInTheBrowserGivesTheDeviceAVerifiableAccessToken() throws Exception {
        Login login = startLogin();

        signInToConfirmation(login);
        assertConfirmationPage(login);

        button("Approve").click();
        waitForHeading("You're signed in");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Return to your terminal");

        Map<String, Object> tokens = pollUntilDone(login);
        assertThat(tokens).containsKey("access_token").doesNotContainKey("error");
        assertThat(tokens.get("token_type")).asString().isEqualToIgnoringCase("Bearer");

        Map<String, Object> metadata = json(get(base + "/.well-known/oauth-authorization-server").body());
        assertThat(metadata.get("issuer")).isEqualTo(base);
        String jwksUri = (String) metadata.get("jwks_uri");
        assertThat(jwksUri).isNotBlank();
        HttpResponse<String> jwksResponse = get(jwksUri);
        assertThat(jwksResponse.statusCode()).isEqualTo(200);
        JWKSet jwks = JWKSet.parse(jwksResponse.body());

        SignedJWT accessToken = SignedJWT.parse((String) tokens.get("access_token"));
        assertThat(accessToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(accessToken.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        JWK jwk = jwks.getKeyByKeyId(accessToken.getHeader().getKeyID());
        assertThat(jwk).as("JWKS key for kid %s", accessToken.getHeader().getKeyID()).isInstanceOf(ECKey.class);
        assertThat(jwk.isPrivate()).as("JWKS publishes only public keys").isFalse();
        assertThat(accessToken.verify(new ECDSAVerifier(jwk.toECKey()))).as("ES256 signature").isTrue();
        JWTClaimsSet claims = accessToken.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(base);
        assertThat(claims.getSubject()).isEqualTo("demo-user-1");

        // The device code is spent (polled again after the interval, as a client would).
        Thread.sleep(login.interval() * 1000L + 100);
        Map<String, Object> again = json(pollOnce(login).body());
        assertThat(again.get("error")).isIn("invalid_grant", "expired_token");
    }

    @Test
    void denyInTheBrowserGivesTheDeviceAccessDenied() throws Exception {
        Login login = startLogin();

        signInToConfirmation(login);
        assertConfirmationPage(login);

        button("Deny").click();
        waitForHeading("Request denied");

        Map<String, Object> result = pollUntilDone(login);
        assertThat(result).doesNotContainKey("access_token");
        assertThat(result.get("error")).isEqualTo("access_denied");
    }

    /**
     * Acme's pages with a 3 s re-authentication window: Approve after it asks for the password again
     * (a wrong one is refused, the right one approves), and "Sign out" ends the session on the
     * server, so putting the old cookie back signs nobody in.
     */
    @Test
    void reauthenticationBeforeApproveAndSignOutInTheBrowser() throws Exception {
        try (var client = server.dynamo()) {
            client.updateItem(u -> u.tableName(TABLE).key(dev.cliauth.store.Attrs.key(dev.cliauth.store.Keys.org(Seed.ACME_ORG)))
                    .updateExpression("SET reauth_s = :s")
                    .expressionAttributeValues(Map.of(":s", dev.cliauth.store.Attrs.n(3))));
        }
        HttpResponse<String> started = post(base + "/orgs/acme/api/v1/oauth/device_authorization",
                "client_id=" + Seed.ACME_CLIENT + "&scope=openid");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        Map<String, Object> body = json(started.body());
        Login login = new Login((String) body.get("device_code"), (String) body.get("user_code"),
                (String) body.get("verification_uri_complete"), ((Number) body.get("interval")).intValue());

        driver.get(login.verificationUriComplete());
        button("Continue").click();
        waitForHeading("Sign in");
        driver.findElement(By.id("username")).sendKeys(Seed.ACME_EMAIL);
        driver.findElement(By.id("password")).sendKeys(Seed.ACME_PASSWORD);
        button("Sign in").click();
        waitForHeading("Allow Acme CLI?");
        long signedInAt = System.currentTimeMillis() / 1000;
        Thread.sleep(3_500);

        button("Approve").click();
        waitForHeading("Confirm it's you");
        driver.findElement(By.id("password")).sendKeys("not-alice-password");
        button("Approve").click();
        waitForHeading("Confirm it's you");
        assertThat(driver.findElement(By.id("error")).getText()).isEqualTo("Password is incorrect.");
        driver.findElement(By.id("password")).sendKeys(Seed.ACME_PASSWORD);
        long reenteredAt = System.currentTimeMillis() / 1000;
        button("Approve").click();
        waitForHeading("You're signed in");

        HttpResponse<String> tokens = post(base + "/orgs/acme/api/v1/oauth/token", "grant_type=" + enc(DEVICE_GRANT)
                + "&client_id=" + Seed.ACME_CLIENT + "&device_code=" + enc(login.deviceCode()));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        long authTime = SignedJWT.parse((String) json(tokens.body()).get("id_token")).getJWTClaimsSet().getLongClaim("auth_time");
        assertThat(authTime).as("auth_time: the password entered again, not the first sign-in")
                .isGreaterThanOrEqualTo(reenteredAt).isGreaterThan(signedInAt);

        driver.get(base + "/orgs/acme/device");
        String cookieName = "cliauth_session-acme";
        Cookie session = driver.manage().getCookieNamed(cookieName);
        assertThat(session).as("signed in on acme's pages").isNotNull();
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Signed in as " + Seed.ACME_EMAIL);
        button("Sign out").click();
        waitForHeading("Sign in on your device");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("You're signed out")
                .doesNotContain("Signed in as");
        assertThat(driver.manage().getCookieNamed(cookieName)).as("the cookie is cleared").isNull();

        driver.manage().addCookie(session);     // the next person puts the old cookie back
        driver.get(base + "/orgs/acme/device");
        assertThat(driver.findElement(By.tagName("main")).getText()).doesNotContain("Signed in as");
    }

    @Test
    void cookiesAndHeadersAreStrictAndTheConfirmationPageFitsPhoneAndDesktop() throws Exception {
        Login login = startLogin(LONG_AGENT);
        signInToConfirmation(login);
        assertConfirmationPage(login);
        // Long agents are cut to 120 characters so Approve and Deny stay on a phone's first screen.
        assertThat(driver.findElement(By.cssSelector("dd.agent")).getDomProperty("textContent"))
                .isEqualTo(LONG_AGENT.substring(0, 120) + "…");

        Set<Cookie> cookies = driver.manage().getCookies();
        assertThat(cookies.stream().map(Cookie::getName).collect(Collectors.toSet()))
                .as("plain names over http://localhost, where browsers refuse __Host- cookies")
                .contains(BrowserState.name(BrowserState.CSRF_COOKIE, false), BrowserState.name(BrowserState.SESSION_COOKIE, false));
        // The page script keeps the browser's time zone (an IANA name, nothing secret) for the server's next pages.
        assertThat(cookies).anySatisfy(c -> assertThat(c.getName()).isEqualTo("cliauth_tz"));
        for (Cookie cookie : cookies) {
            assertThat(cookie.isHttpOnly()).as("%s is HttpOnly", cookie.getName())
                    .isEqualTo(!cookie.getName().equals("cliauth_tz"));
            assertThat(cookie.getSameSite()).as("%s SameSite", cookie.getName()).isEqualTo("Lax");
            assertThat(cookie.getPath()).as("%s path", cookie.getName()).isEqualTo("/");
            // Secure is set outside localhost only (an http://localhost browser would drop it).
            assertThat(cookie.isSecure()).as("%s Secure on http://localhost", cookie.getName()).isFalse();
        }

        HttpResponse<String> entry = get(base + "/device");
        assertThat(entry.statusCode()).isEqualTo(200);
        assertStrictPageHeaders(entry);
        // The confirmation page itself, reached by a plain HTTP client with its own cookies.
        HttpResponse<String> confirmation = confirmationOverHttp(startLogin());
        assertThat(confirmation.statusCode()).isEqualTo(200);
        assertThat(confirmation.body()).contains("Only approve this if you started it yourself");
        assertStrictPageHeaders(confirmation);

        Files.createDirectories(SCREENSHOTS);
        screenshotAt(390, 844, true, "confirm-phone");
        screenshotAt(1280, 900, false, "confirm-desktop");
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    @Test
    void pagesWhenCheckedByAxeAndAt320PxThenNoSeriousViolationsAndTheCodeNeverSplitsInsideAGroup() throws Exception {
        String axeMissing = Axe.install();
        if (axeMissing != null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(axeMissing + ": run .ci/run, which installs npm (.ci/install-node.sh)");
            }
            Assumptions.abort(axeMissing + "; skipped (install npm, or run .ci/run)");
        }
        Login login = startLogin();
        driver.get(login.verificationUriComplete());
        assertAccessible("code entry");
        button("Continue").click();
        waitForHeading("Sign in");
        assertAccessible("sign-in");
        driver.findElement(By.id("username")).sendKeys(Seed.DEMO_EMAIL);
        driver.findElement(By.id("password")).sendKeys(Seed.DEMO_PASSWORD);
        button("Sign in").click();
        waitForHeading("Allow Demo CLI?");
        assertAccessible("confirmation");
        assertThat(driver.findElement(By.cssSelector("link[rel='icon']")).getAttribute("href"))
                .isEqualTo(base + "/device/assets/favicon.svg");

        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", 320, "height", 640, "deviceScaleFactor", 1, "mobile", true));
        assertThat(viewportWidth()).isEqualTo(320);
        assertApproveAndDenyAreEqualAndSideBySide();
        assertThat(driver.findElement(By.cssSelector("dd.code")).getText()).isEqualTo(login.userCode());
        // Squeezed narrower than the whole code: it breaks between its groups, never inside one.
        driver.executeScript("document.querySelector('dd.code').style.width = '6ch'");
        @SuppressWarnings("unchecked")
        List<List<Number>> groups = (List<List<Number>>) driver.executeScript("return Array.from("
                + "document.querySelectorAll('dd.code .group')).map(g => [g.getClientRects().length, g.getBoundingClientRect().top])");
        assertThat(groups).hasSize(2);
        assertThat(groups).allSatisfy(g -> assertThat(g.get(0).intValue()).as("one line box per group").isEqualTo(1));
        assertThat(groups.get(1).get(1).doubleValue()).as("the second group on the next line")
                .isGreaterThan(groups.get(0).get(1).doubleValue());
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());

        button("Deny").click();
        waitForHeading("Request denied");
        assertAccessible("outcome");

        HttpResponse<String> icon = get(base + "/device/assets/favicon.svg");
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("content-type")).hasValue("image/svg+xml");
        assertThat(icon.headers().firstValue("content-security-policy")).hasValueSatisfying(csp -> assertThat(csp)
                .startsWith("default-src 'none'"));
        assertThat(icon.body()).startsWith("<svg").doesNotContain("<script");
    }

    // ------------------------------------------------------------------------------------------
    // The CLI side: plain HTTP
    // ------------------------------------------------------------------------------------------

    private record Login(String deviceCode, String userCode, String verificationUriComplete, int interval) {
    }

    private static Login startLogin() throws Exception {
        return startLogin(CLI_AGENT);
    }

    private static Login startLogin(String userAgent) throws Exception {
        HttpResponse<String> response = post(base + "/oauth2/device_authorization",
                "client_id=demo-cli&scope=openid%20email%20profile", userAgent);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> body = json(response.body());
        Login login = new Login((String) body.get("device_code"), (String) body.get("user_code"),
                (String) body.get("verification_uri_complete"), ((Number) body.get("interval")).intValue());
        assertThat(login.deviceCode()).isNotBlank();
        assertThat(login.userCode()).matches("[A-Z]{4}-[A-Z]{4}");
        assertThat(login.verificationUriComplete()).startsWith(base + "/device?user_code=");
        return login;
    }

    private static HttpResponse<String> pollOnce(Login login) throws Exception {
        return post(base + "/oauth2/token", "grant_type=" + enc(DEVICE_GRANT) + "&client_id=demo-cli&device_code="
                + enc(login.deviceCode()));
    }

    /** Polls as RFC 8628 §3.5 says: first at once, then every {@code interval}, slower after slow_down. */
    private static Map<String, Object> pollUntilDone(Login login) throws Exception {
        long interval = login.interval();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> response = pollOnce(login);
            Map<String, Object> body = json(response.body());
            Object error = body.get("error");
            if ("slow_down".equals(error)) {
                interval += 5;
            } else if (!"authorization_pending".equals(error)) {
                if (error == null) {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                } else {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
                }
                return body;
            }
            assertThat(System.nanoTime()).as("device still pending after 60 s").isLessThan(deadline);
            Thread.sleep(interval * 1000);
        }
    }

    private static HttpResponse<String> post(String url, String form) throws Exception {
        return post(url, form, CLI_AGENT);
    }

    private static HttpResponse<String> post(String url, String form, String userAgent) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> json(String body) throws Exception {
        return JSONObjectUtils.parse(body);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------
    // The person's side: a real browser
    // ------------------------------------------------------------------------------------------

    /** Opens the link, checks the prefilled code, continues and signs in as the demo user. */
    private void signInToConfirmation(Login login) {
        driver.get(login.verificationUriComplete());
        WebElement code = driver.findElement(By.id("user_code"));
        assertThat(labelFor("user_code")).isEqualTo("Code");
        assertThat(code.getAttribute("name")).isEqualTo("user_code");
        assertThat(code.getDomProperty("value")).isEqualTo(login.userCode());
        button("Continue").click();

        waitForHeading("Sign in");
        assertThat(labelFor("username")).isEqualTo("Email");
        assertThat(labelFor("password")).isEqualTo("Password");
        WebElement username = driver.findElement(By.id("username"));
        WebElement password = driver.findElement(By.id("password"));
        assertThat(username.getAttribute("name")).isEqualTo("username");
        assertThat(password.getAttribute("name")).isEqualTo("password");
        username.sendKeys(Seed.DEMO_EMAIL);
        password.sendKeys(Seed.DEMO_PASSWORD);
        button("Sign in").click();

        waitForHeading("Allow Demo CLI?");
    }

    private void assertConfirmationPage(Login login) {
        String text = driver.findElement(By.tagName("main")).getText();
        assertThat(text).contains("Demo CLI");
        assertThat(text).contains(login.userCode());
        assertThat(text).contains("Only approve this if you started it yourself");
        assertThat(text).contains(Seed.DEMO_EMAIL);
        assertThat(text).contains("IP address 127.0.0.1");
        assertThat(text).as("the user agent is the device's own claim").contains("Device (says of itself, not verified)");
        assertThat(text).contains("See your email address", "See your name");
        assertThat(driver.findElement(By.cssSelector("dd.code")).getText()).isEqualTo(login.userCode());
        assertApproveAndDenyAreEqual();
    }

    private void assertApproveAndDenyAreEqual() {
        WebElement approve = button("Approve");
        WebElement deny = button("Deny");
        assertThat(approve.isDisplayed()).as("Approve visible").isTrue();
        assertThat(deny.isDisplayed()).as("Deny visible").isTrue();
        assertThat(approve.isEnabled()).isTrue();
        assertThat(deny.isEnabled()).isTrue();
        Rectangle a = approve.getRect();
        Rectangle d = deny.getRect();
        assertThat(a.getWidth()).as("Approve and Deny widths").isEqualTo(d.getWidth());
        assertThat(a.getHeight()).as("Approve and Deny heights").isEqualTo(d.getHeight());
        assertThat(a.getWidth()).isGreaterThan(40);
        assertThat(a.getHeight()).isGreaterThanOrEqualTo(40);
        // Approve is the primary button; Deny is exactly as large and its text as big and bold.
        assertThat(approve.getAttribute("class")).contains("primary");
        assertThat(approve.getCssValue("background-color")).as("Approve filled, Deny not")
                .isNotEqualTo(deny.getCssValue("background-color"));
        for (String property : List.of("font-weight", "font-size")) {
            assertThat(approve.getCssValue(property)).as(property).isEqualTo(deny.getCssValue(property));
        }
        // The anti-phishing warning stays above both.
        Rectangle warning = driver.findElement(By.cssSelector(".warning")).getRect();
        assertThat(warning.getY() + warning.getHeight()).as("warning above the buttons")
                .isLessThanOrEqualTo(Math.min(a.getY(), d.getY()));
    }

    /** axe-core on the page shown: no serious or critical violation (the others are printed). */
    private void assertAccessible(String page) throws IOException {
        List<Axe.Violation> violations = Axe.check(driver);
        violations.forEach(v -> System.out.println("axe " + page + ": " + v));
        assertThat(violations).as("serious or critical accessibility violations on the %s page", page)
                .noneMatch(v -> "serious".equals(v.impact()) || "critical".equals(v.impact()));
    }

    /** Viewport of {@code width}×{@code height} CSS px (mobile emulation for the phone), then PNG. */
    private void screenshotAt(int width, int height, boolean mobile, String name) throws IOException {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
        // The override relays out the page in place (no reload: the page is the result of a POST).
        assertThat(viewportWidth()).as("viewport width").isEqualTo(width);
        assertApproveAndDenyAreEqualAndSideBySide();
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        // And the whole page when it is taller than one screen.
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        double contentHeight = ((Number) content.get("height")).doubleValue();
        Files.deleteIfExists(SCREENSHOTS.resolve(name + "-full.png"));
        if (contentHeight <= height) {
            return;
        }
        Map<String, Object> clip = new LinkedHashMap<>();
        clip.put("x", 0);
        clip.put("y", 0);
        clip.put("width", width);
        clip.put("height", contentHeight);
        clip.put("scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.write(SCREENSHOTS.resolve(name + "-full.png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    private void assertApproveAndDenyAreEqualAndSideBySide() {
        assertApproveAndDenyAreEqual();
        Rectangle a = button("Approve").getRect();
        Rectangle d = button("Deny").getRect();
        assertThat(a.getY()).as("Approve and Deny on one row").isEqualTo(d.getY());
        long pageWidth = ((Number) driver.executeScript("return document.documentElement.scrollWidth")).longValue();
        assertThat(pageWidth).as("no horizontal overflow").isLessThanOrEqualTo(viewportWidth());
    }

    private long viewportWidth() {
        return ((Number) driver.executeScript("return window.innerWidth")).longValue();
    }

    private WebElement button(String text) {
        List<WebElement> found = driver.findElements(By.tagName("button")).stream()
                .filter(b -> b.getText().trim().equals(text)).toList();
        assertThat(found).as("one button \"%s\" on %s", text, driver.getCurrentUrl()).hasSize(1);
        return found.get(0);
    }

    private String labelFor(String id) {
        return driver.findElement(By.cssSelector("label[for='" + id + "']")).getText().trim();
    }

    private void waitForHeading(String heading) {
        new WebDriverWait(driver, WAIT).withMessage(() -> "heading \"" + heading + "\" on "
                        + driver.getCurrentUrl() + ":\n" + driver.findElement(By.tagName("body")).getText())
                .until(ExpectedConditions.textToBe(By.tagName("h1"), heading));
    }

    // ------------------------------------------------------------------------------------------
    // The same pages over plain HTTP, for their headers
    // ------------------------------------------------------------------------------------------

    private static void assertStrictPageHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("content-security-policy")).get().asString()
                .contains("frame-ancestors 'none'")
                .contains("default-src 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(response.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(response.headers().firstValue("strict-transport-security")).as("not on plain-HTTP localhost").isEmpty();
        assertThat(response.headers().firstValue("content-type")).get().asString().startsWith("text/html");
    }

    /** GET /device, then POST /device/signin with the form's CSRF token and the browser's cookies. */
    private static HttpResponse<String> confirmationOverHttp(Login login) throws Exception {
        HttpClient browserLike = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(WAIT).build();
        HttpResponse<String> entry = browserLike.send(HttpRequest.newBuilder(URI.create(login.verificationUriComplete()))
                .timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(entry.body());
        assertThat(csrf.find()).as("csrf field on %s", entry.body()).isTrue();
        String form = "csrf=" + enc(csrf.group(1)) + "&user_code=" + enc(login.userCode())
                + "&username=" + enc(Seed.DEMO_EMAIL) + "&password=" + enc(Seed.DEMO_PASSWORD);
        HttpResponse<String> posted = browserLike.send(HttpRequest.newBuilder(URI.create(base + "/device/signin")).timeout(WAIT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as("a form post ends in a redirect").isEqualTo(303);
        assertStrictPageHeaders(posted);
        return browserLike.send(HttpRequest.newBuilder(URI.create(base + posted.headers().firstValue("location").orElseThrow()))
                .timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------------------------------
    // Environment
    // ------------------------------------------------------------------------------------------

    private static final String MISSING = CHROMIUM + " and " + CHROMEDRIVER + " are needed for BrowserFlowTest";

    private static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** On CI a missing browser is a broken setup, not a reason to skip. */
    private static void failOnCi() {
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(MISSING + ": run .ci/run, which installs them (.ci/install-browser.sh)");
        }
    }

}
