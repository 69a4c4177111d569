package dev.cliauth.webhook;

import java.net.URI;
import java.util.Set;

/** Which URLs a webhook may post to: HTTPS anywhere, plain HTTP only to this machine (local mode, tests). */
public final class WebhookTargets {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private WebhookTargets() {
    }

    public static boolean allowed(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null || url.length() > 2000) {
                return false;
            }
            return "https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && LOOPBACK.contains(uri.getHost());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
