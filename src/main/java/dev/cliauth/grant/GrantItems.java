package dev.cliauth.grant;

import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;

/** Maps {@link DeviceGrant} to and from its DynamoDB item. */
final class GrantItems {

    static final String STATUS = "status";
    static final String CLIENT_ID = "client_id";
    static final String EXPIRES_AT = "expires_at";
    static final String NEXT_POLL_AT = "next_poll_at";
    static final String POLL_GAP = "poll_gap_ms";
    static final String INTERVAL = "interval_s";
    static final String POLLS = "polls";
    static final String POLL_BUDGET = "poll_budget";
    /** Items outlive their expiry by a day so late polls still get {@code expired_token}. */
    static final long TTL_GRACE_SECONDS = 86_400;

    private GrantItems() {
    }

    static Map<String, AttributeValue> toItem(DeviceGrant g) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.grant(g.deviceCodeHash())));
        item.put(Keys.ORG, Attrs.s(g.org()));
        item.put(Keys.USER_CODE_KEY, Attrs.s(Keys.userCodeIndex(g.org(), g.userCode())));
        item.put("user_code", Attrs.s(g.userCode()));
        item.put(CLIENT_ID, Attrs.s(g.clientId()));
        item.put("client_name", Attrs.s(g.clientName()));
        item.put("scopes", Attrs.list(g.scopes()));
        item.put(STATUS, Attrs.s(g.status().name()));
        item.put("created_at", Attrs.n(g.createdAt()));
        item.put(EXPIRES_AT, Attrs.n(g.expiresAt()));
        item.put(INTERVAL, Attrs.n(g.intervalSeconds()));
        item.put(POLL_GAP, Attrs.n(g.pollGapMillis()));
        item.put(NEXT_POLL_AT, Attrs.n(g.nextPollAt()));
        item.put(POLLS, Attrs.n(g.polls()));
        item.put(POLL_BUDGET, Attrs.n(g.pollBudget()));
        item.put("requester_ip", Attrs.s(g.requesterIp()));
        item.put("requester_agent", Attrs.s(g.requesterAgent()));
        item.put(Keys.TTL, Attrs.n(g.expiresAt() / 1000 + TTL_GRACE_SECONDS));
        return item;
    }

    static DeviceGrant fromItem(Map<String, AttributeValue> item) {
        String pk = Attrs.str(item, Keys.PK);
        return new DeviceGrant(
                pk.substring("GRANT#".length()),
                Attrs.str(item, Keys.ORG, Keys.DEFAULT_ORG),
                Attrs.str(item, "user_code", ""),
                Attrs.str(item, CLIENT_ID, ""),
                Attrs.str(item, "client_name", ""),
                Attrs.strings(item, "scopes"),
                GrantStatus.valueOf(Attrs.str(item, STATUS, GrantStatus.PENDING.name())),
                Attrs.num(item, "created_at", 0),
                Attrs.num(item, EXPIRES_AT, 0),
                (int) Attrs.num(item, INTERVAL, 5),
                Attrs.num(item, POLL_GAP, 0),
                Attrs.num(item, NEXT_POLL_AT, 0),
                Attrs.num(item, POLLS, 0),
                Attrs.num(item, POLL_BUDGET, Long.MAX_VALUE),
                Attrs.str(item, "requester_ip", ""),
                Attrs.str(item, "requester_agent", ""),
                Attrs.str(item, "subject"),
                Attrs.str(item, "email"),
                Attrs.str(item, "name"),
                Attrs.num(item, "approved_at", 0));
    }
}
