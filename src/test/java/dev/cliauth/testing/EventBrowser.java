package dev.cliauth.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.lambda.VerificationHandler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser made of payload-2.0 events: keeps the cookies the verification handler sets (from
 * {@code response.cookies}), sends them back in {@code cookies[]}, and reads CSRF tokens from forms.
 */
public final class EventBrowser {

    private final VerificationHandler handler;
    private dev.cliauth.lambda.PortalHandler portal;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String agent = "Mozilla/5.0 (X11; Linux x86_64) Test";
    private String sourceIp = "198.51.100.23";
    private String csrf;
    private String devicePath = "/device";
    public APIGatewayV2HTTPResponse last;

    public EventBrowser(VerificationHandler handler) {
        this.handler = handler;
    }

    /** Sends the org portal's requests ({@code …/portal…}) to {@code portal}, as API Gateway's routes do. */
    public EventBrowser withPortal(dev.cliauth.lambda.PortalHandler portal) {
        this.portal = portal;
        return this;
    }

    public EventBrowser userAgent(String agent) {
        this.agent = agent;
        return this;
    }

    /** The source IP API Gateway reports for this browser's requests. */
    public EventBrowser from(String ip) {
        this.sourceIp = ip;
        return this;
    }

    /** The browser goes to the pages at {@code devicePath} ({@code /orgs/acme/device}); {@code /device} at first. */
    public EventBrowser at(String devicePath) {
        this.devicePath = devicePath;
        return this;
    }

    public APIGatewayV2HTTPResponse get(String rawQuery) {
        return send(Events.load("device-page").path(devicePath).query(rawQuery == null ? "" : rawQuery));
    }

    public APIGatewayV2HTTPResponse post(String path, String form) {
        return send(Events.load("device-signin").path(path).form(form));
    }

    public APIGatewayV2HTTPResponse send(Events event) {
        List<String> jar = new ArrayList<>();
        cookies.forEach((k, v) -> jar.add(k + "=" + v));
        event.cookies(jar).userAgent(agent).sourceIp(sourceIp);
        com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent built = event.build();
        boolean toPortal = portal != null && built.getRawPath().matches("(/orgs/[^/]+)?/portal(/.*)?");
        last = Functions.invoke(toPortal ? portal : handler, built);
        if (last.getBody() != null && last.getBody().contains("name=\"csrf\"")) {
            csrf = field("csrf");
        }
        if (last.getCookies() != null) {
            for (String setCookie : last.getCookies()) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        // A form post ends in a 303 to the page it kept (POST → redirect → GET): follow it, as a browser does,
        // keeping the post's own answer (its Set-Cookie headers) in posted.
        String location = last.getHeaders() == null ? null : last.getHeaders().get("Location");
        boolean toPortalPage = portal != null && location != null && location.matches("(/orgs/[^/]+)?/portal/.*");
        if (last.getStatusCode() == 303 && location != null && (location.contains("/device/view?") || toPortalPage)) {
            APIGatewayV2HTTPResponse post = last;
            int q = location.indexOf('?');
            send(Events.load("device-page").path(q < 0 ? location : location.substring(0, q))
                    .query(q < 0 ? "" : location.substring(q + 1)));
            posted = post;
        } else {
            posted = last;
        }
        return last;
    }

    /**
     * For a raw form post sent with {@code cookies}: the page its 303 leads to (GET with those
     * cookies and the ones the post set), or the answer itself when it is not such a redirect.
     */
    public static APIGatewayV2HTTPResponse followed(VerificationHandler handler, APIGatewayV2HTTPResponse response,
                                                    List<String> cookies) {
        String location = response.getHeaders() == null ? null : response.getHeaders().get("Location");
        if (response.getStatusCode() != 303 || location == null || !location.contains("/device/view?")) {
            return response;
        }
        Map<String, String> jar = new LinkedHashMap<>();
        List<String> pairs = new ArrayList<>(cookies);
        if (response.getCookies() != null) {
            response.getCookies().forEach(c -> pairs.add(c.split(";", 2)[0]));     // a cookie the post set replaces the sent one
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            jar.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        List<String> sent = new ArrayList<>();
        jar.forEach((k, v) -> sent.add(k + "=" + v));
        int q = location.indexOf('?');
        return Functions.invoke(handler, Events.load("device-page").path(location.substring(0, q))
                .query(location.substring(q + 1)).cookies(sent).build());
    }

    /** The answer to the last request itself, before a followed redirect (a form post's 303 and its cookies). */
    public APIGatewayV2HTTPResponse posted;

    /**
     * The CSRF token of the latest page that had a form (outcome pages have none; the token lives
     * as long as the browser's nonce and session).
     */
    public String csrf() {
        return csrf;
    }

    /** A hidden field of the last page's form, HTML entities decoded. */
    public String field(String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(last.getBody());
        if (!m.find()) {
            throw new AssertionError("no field " + name + " on page: " + last.getBody());
        }
        return unescape(m.group(1));
    }

    /** The code the last confirmation page shows, as text (its groups are spans). */
    public String shownCode() {
        Matcher m = Pattern.compile("<dd class=\"code\">(.*?)</dd>", Pattern.DOTALL).matcher(last.getBody());
        if (!m.find()) {
            throw new AssertionError("no code on page: " + last.getBody());
        }
        return text(m.group(1));
    }

    /** What a page shows as text: its tags removed (a code's groups are spans) and references decoded. */
    public static String text(String html) {
        return unescape(html.replaceAll("<[^>]*>", ""));
    }

    /** The text of an HTML attribute value: named and numeric character references decoded. */
    public static String unescape(String html) {
        Matcher numeric = Pattern.compile("&#(x?)([0-9a-fA-F]+);").matcher(html.replace("&quot;", "\"")
                .replace("&lt;", "<").replace("&gt;", ">"));
        StringBuilder out = new StringBuilder();
        while (numeric.find()) {
            int code = Integer.parseInt(numeric.group(2), numeric.group(1).isEmpty() ? 10 : 16);
            numeric.appendReplacement(out, Matcher.quoteReplacement(new String(Character.toChars(code))));
        }
        numeric.appendTail(out);
        return out.toString().replace("&amp;", "&");
    }

    /** Presses Approve or Deny on the confirmation page just shown. */
    public APIGatewayV2HTTPResponse decide(String decision) {
        return post(devicePath + "/decision", "csrf=" + Logins.enc(csrf()) + "&grant=" + Logins.enc(field("grant"))
                + "&app=" + Logins.enc(field("app")) + "&sig=" + Logins.enc(field("sig")) + "&decision=" + decision);
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    /** Enters the code and signs in as the demo user; ends on the confirmation page. */
    public APIGatewayV2HTTPResponse signInWithCode(String userCode, String email, String password) {
        get("user_code=" + userCode);
        post(devicePath, "csrf=" + Logins.enc(csrf()) + "&user_code=" + Logins.enc(userCode));
        return post(devicePath + "/signin", "csrf=" + Logins.enc(csrf()) + "&user_code=" + Logins.enc(userCode)
                + "&username=" + Logins.enc(email) + "&password=" + Logins.enc(password));
    }
}
