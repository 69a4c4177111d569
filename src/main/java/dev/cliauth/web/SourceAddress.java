package dev.cliauth.web;

import java.util.Locale;

/**
 * The key a source address is counted under by the abuse limits. An IPv4 address is its own key;
 * an IPv6 address is grouped by its /64, because one subscriber is routinely given a whole /64 and
 * could otherwise step through 2^64 addresses to reset every per-address limit. IPv4-mapped IPv6
 * ({@code ::ffff:192.0.2.1}) counts as the IPv4 address. Anything else (API Gateway never sends
 * it) is kept as given, cut to 64 characters.
 */
public final class SourceAddress {

    private SourceAddress() {
    }

    /** {@code 192.0.2.1}, {@code 2001:db8:1:2::/64}, ... */
    public static String key(String address) {
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        if (address.indexOf(':') < 0) {
            return cut(address);
        }
        int[] groups = ipv6Groups(address);
        if (groups == null) {
            return cut(address.toLowerCase(Locale.ROOT));
        }
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 && groups[5] == 0xffff) {
            return (groups[6] >> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >> 8) + "." + (groups[7] & 0xff);
        }
        return Integer.toHexString(groups[0]) + ":" + Integer.toHexString(groups[1]) + ":"
                + Integer.toHexString(groups[2]) + ":" + Integer.toHexString(groups[3]) + "::/64";
    }

    private static String cut(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    /** The eight 16-bit groups of an IPv6 literal (with {@code ::}, a zone, or a dotted IPv4 tail), or null. */
    static int[] ipv6Groups(String address) {
        String a = address;
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        if (a.length() > 45) {
            return null;
        }
        int[] tail = null;
        int lastColon = a.lastIndexOf(':');
        if (a.indexOf('.', lastColon) > lastColon) {
            tail = ipv4(a.substring(lastColon + 1));
            if (tail == null) {
                return null;
            }
            a = a.substring(0, lastColon + 1) + "0:0";
        }
        int doubleColon = a.indexOf("::");
        if (doubleColon >= 0 && a.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String[] head;
        String[] rest;
        if (doubleColon >= 0) {
            String left = a.substring(0, doubleColon);
            String right = a.substring(doubleColon + 2);
            head = left.isEmpty() ? new String[0] : left.split(":", -1);
            rest = right.isEmpty() ? new String[0] : right.split(":", -1);
            if (head.length + rest.length > 7) {
                return null;
            }
        } else {
            head = a.split(":", -1);
            rest = new String[0];
            if (head.length != 8) {
                return null;
            }
        }
        int[] groups = new int[8];
        for (int i = 0; i < head.length; i++) {
            if ((groups[i] = hex(head[i])) < 0) {
                return null;
            }
        }
        for (int i = 0; i < rest.length; i++) {
            if ((groups[8 - rest.length + i] = hex(rest[i])) < 0) {
                return null;
            }
        }
        if (tail != null) {
            groups[6] = tail[0] << 8 | tail[1];
            groups[7] = tail[2] << 8 | tail[3];
        }
        return groups;
    }

    private static int hex(String group) {
        if (group.isEmpty() || group.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < group.length(); i++) {
            int d = Character.digit(group.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            value = value * 16 + d;
        }
        return value;
    }

    private static int[] ipv4(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            out[i] = Integer.parseInt(parts[i]);
            if (out[i] > 255) {
                return null;
            }
        }
        return out;
    }
}
