package dev.cliauth.grant;

import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Maps {@link DeviceGrant} to and from its DynamoDB item, and from its entry in the user-code index. */
final class GrantItems {

    static final String USER_CODE = "user_code";
    static final String CLIENT_NAME = "client_name";
    static final String SCOPES = "scopes";
    static final String STATUS = "status";
    static final String CREATED_AT = "created_at";
    static final String CLIENT_ID = "client_id";
    static final String EXPIRES_AT = "expires_at";
    static final String NEXT_POLL_AT = "next_poll_at";
    static final String POLL_GAP = "poll_gap_ms";
    static final String INTERVAL = "interval_s";
    static final String POLLS = "polls";
    static final String POLL_BUDGET = "poll_budget";
    static final String REQUESTER_IP = "requester_ip";
    static final String REQUESTER_AGENT = "requester_agent";
    static final String THIRD_PARTY = "third_party";
    /** The family of the refresh token a redemption issued (absent without one), for a replay to revoke. */
    static final String REFRESH_FAMILY = "refresh_family";
    /** Items outlive their expiry by a day so late polls still get {@code expired_token}. */
    static final long TTL_GRACE_SECONDS = 86_400;

    /**
     * What the verification page's code lookup reads from the user-code index: the confirmation
     * screen's facts and what decides that the grant is live. template.yaml projects exactly these
     * ({@code NonKeyAttributes}) besides the keys, and none of what a poll writes, so a pending poll
     * does not write the index.
     */
    static final List<String> INDEX_ATTRIBUTES = List.of(Keys.ORG, USER_CODE, CLIENT_NAME, SCOPES, STATUS,
            CREATED_AT, EXPIRES_AT, REQUESTER_IP, REQUESTER_AGENT, THIRD_PARTY);

    private GrantItems() {
    }

    static Map<String, AttributeValue> toItem(DeviceGrant g) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.grant(g.deviceCodeHash())));
        item.put(Keys.ORG, Attrs.s(g.org()));
        item.put(Keys.USER_CODE_KEY, Attrs.s(Keys.userCodeIndex(g.org(), g.userCode())));
        item.put(USER_CODE, Attrs.s(g.userCode()));
        item.put(CLIENT_ID, Attrs.s(g.clientId()));
        item.put(CLIENT_NAME, Attrs.s(g.clientName()));
        item.put(SCOPES, Attrs.list(g.scopes()));
        item.put(STATUS, Attrs.s(g.status().name()));
        item.put(CREATED_AT, Attrs.n(g.createdAt()));
        item.put(EXPIRES_AT, Attrs.n(g.expiresAt()));
        item.put(INTERVAL, Attrs.n(g.intervalSeconds()));
        item.put(POLL_GAP, Attrs.n(g.pollGapMillis()));
        item.put(NEXT_POLL_AT, Attrs.n(g.nextPollAt()));
        item.put(POLLS, Attrs.n(g.polls()));
        item.put(POLL_BUDGET, Attrs.n(g.pollBudget()));
        item.put(REQUESTER_IP, Attrs.s(g.requesterIp()));
        item.put(REQUESTER_AGENT, Attrs.s(g.requesterAgent()));
        item.put(THIRD_PARTY, Attrs.bool(g.thirdParty()));
        item.put(Keys.TTL, Attrs.n(g.expiresAt() / 1000 + TTL_GRACE_SECONDS));
        return item;
    }

    /**
     * What every stored grant has from its creation on ({@link #toItem}); a grant item without one
     * of these is corrupt or not a grant, and is refused rather than read as a live pending grant.
     */
    static final List<String> REQUIRED = List.of(Keys.PK, Keys.ORG, USER_CODE, CLIENT_ID, CLIENT_NAME, SCOPES,
            STATUS, CREATED_AT, EXPIRES_AT, INTERVAL, POLL_GAP, NEXT_POLL_AT, POLLS, POLL_BUDGET, REQUESTER_IP,
            REQUESTER_AGENT, THIRD_PARTY);

    /**
     * The grant in a stored item. Every attribute of {@link #REQUIRED} must be there with its type;
     * the approver's attributes exist only once a grant was approved.
     *
     * @throws IllegalStateException naming the first missing or mistyped attribute (never a value)
     */
    static DeviceGrant fromItem(Map<String, AttributeValue> item) {
        for (String name : REQUIRED) {
            AttributeValue value = item.get(name);
            boolean ok = value != null && (name.equals(SCOPES) ? value.hasL() || value.hasSs()
                    : NUMBERS.contains(name) ? value.n() != null
                    : name.equals(THIRD_PARTY) ? value.bool() != null : value.s() != null);
            if (!ok) {
                throw new IllegalStateException("grant item lacks " + name + " or has the wrong type");
            }
        }
        String pk = Attrs.str(item, Keys.PK);
        if (!pk.startsWith("GRANT#")) {
            throw new IllegalStateException("not a grant item");
        }
        return new DeviceGrant(
                pk.substring("GRANT#".length()),
                Attrs.str(item, Keys.ORG),
                Attrs.str(item, USER_CODE),
                Attrs.str(item, CLIENT_ID),
                Attrs.str(item, CLIENT_NAME),
                Attrs.strings(item, SCOPES),
                GrantStatus.valueOf(Attrs.str(item, STATUS)),
                Attrs.num(item, CREATED_AT, 0),
                Attrs.num(item, EXPIRES_AT, 0),
                (int) Attrs.num(item, INTERVAL, 0),
                Attrs.num(item, POLL_GAP, 0),
                Attrs.num(item, NEXT_POLL_AT, 0),
                Attrs.num(item, POLLS, 0),
                Attrs.num(item, POLL_BUDGET, 0),
                Attrs.str(item, REQUESTER_IP),
                Attrs.str(item, REQUESTER_AGENT),
                Attrs.str(item, "subject"),
                Attrs.str(item, "email"),
                Attrs.str(item, "name"),
                Attrs.num(item, "approved_at", 0),
                Attrs.flag(item, THIRD_PARTY),
                Attrs.num(item, "auth_time", Attrs.num(item, "approved_at", 0)),
                Attrs.flag(item, "email_verified"),
                Attrs.str(item, "approved_ip"),
                Attrs.str(item, "approved_agent"));
    }

    private static final List<String> NUMBERS = List.of(CREATED_AT, EXPIRES_AT, INTERVAL, POLL_GAP, NEXT_POLL_AT,
            POLLS, POLL_BUDGET);

    /**
     * The grant as the user-code index holds it: the keys and {@link #INDEX_ATTRIBUTES}, every one
     * required, so an index that stopped projecting one fails loudly instead of showing a blank on
     * the confirmation page. The index leaves out the client id, the poll state and the decision,
     * so the result is an {@link IndexedGrant}, which has no such fields to misread. The base item
     * stays authoritative; the decision is a conditional write on it.
     */
    static IndexedGrant fromIndexItem(Map<String, AttributeValue> item) {
        for (String name : INDEX_ATTRIBUTES) {
            if (!item.containsKey(name)) {
                throw new IllegalStateException("user-code index entry lacks " + name
                        + ": the index must project " + INDEX_ATTRIBUTES);
            }
        }
        String pk = Attrs.str(item, Keys.PK);
        return new IndexedGrant(
                pk.substring("GRANT#".length()),
                Attrs.str(item, Keys.ORG),
                Attrs.str(item, USER_CODE),
                Attrs.str(item, CLIENT_NAME),
                Attrs.strings(item, SCOPES),
                GrantStatus.valueOf(Attrs.str(item, STATUS)),
                Attrs.num(item, CREATED_AT, 0),
                Attrs.num(item, EXPIRES_AT, 0),
                Attrs.str(item, REQUESTER_IP),
                Attrs.str(item, REQUESTER_AGENT),
                Attrs.flag(item, THIRD_PARTY));
    }
}
