package dev.cliauth.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Which URLs a webhook may post to: HTTPS to a public address. Plain HTTP, loopback, private and
 * link-local addresses only where {@code cliauth.webhook.allow-local} is set (local mode and its
 * tests): in Lambda, 127.0.0.1:9001 is the runtime API and 169.254.* the credentials endpoints.
 */
public final class WebhookTargets {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private WebhookTargets() {
    }

    /** Whether {@code url} is a webhook URL at all: https, or http to a loopback name; no user info or fragment. */
    public static boolean allowed(String url) {
        URI uri = parse(url);
        return uri != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && LOOPBACK.contains(uri.getHost()));
    }

    /**
     * Whether a webhook may be sent to {@code url} now: with {@code allowLocal} anything {@link #allowed};
     * otherwise https only, to a host whose every address is public (checked when sending, so a name
     * that later points inside is refused too).
     */
    public static boolean sendable(String url, boolean allowLocal) {
        if (!allowed(url)) {
            return false;
        }
        if (allowLocal) {
            return true;
        }
        URI uri = parse(url);
        if (!"https".equals(uri.getScheme())) {
            return false;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                byte[] raw = a.getAddress();
                boolean uniqueLocal = raw.length == 16 && (raw[0] & 0xfe) == 0xfc;
                if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                        || a.isMulticastAddress() || uniqueLocal) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null || url.length() > 2000) {
                return null;
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
