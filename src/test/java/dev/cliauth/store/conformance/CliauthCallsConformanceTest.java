package dev.cliauth.store.conformance;

import dev.cliauth.account.AccountRepository;
import dev.cliauth.client.ClientRepository;
import dev.cliauth.config.PageSettings;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.config.TokenSettings;
import dev.cliauth.grant.DeviceGrant;
import dev.cliauth.grant.GrantRepository;
import dev.cliauth.grant.GrantStatus;
import dev.cliauth.grant.IndexedGrant;
import dev.cliauth.keys.SigningKeys;
import dev.cliauth.local.Seed;
import dev.cliauth.store.Counters;
import dev.cliauth.store.Keys;
import dev.cliauth.verification.SessionKey;
import org.junit.jupiter.api.DisplayName;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.cliauth.store.conformance.Fixture.table;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * cliauth's own store code, unchanged, on each target: every expression shape it sends (grant
 * creation, polls, slow_down, decisions, redemption, replay revocation, finishing, the user-code
 * Query, rate counters, signing and session keys, accounts and clients) and the outcome it maps
 * from DynamoDB's answer. The cases above pin each behaviour; this pins that cliauth's requests are
 * the ones pinned.
 */
class CliauthCallsConformanceTest {

    private static ServiceSettings settings(Store store) {
        return new ServiceSettings(null, table(store));
    }

    private static String code() {
        StringBuilder c = new StringBuilder();
        long n = UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE;
        for (int i = 0; i < 8; i++) {
            c.append("BCDFGHJKLMNPQRSTVWXZ".charAt((int) (n % 20)));
            n /= 20;
        }
        return c.toString();
    }

    private static DeviceGrant pending(String userCode, long now) {
        return new DeviceGrant("conf-" + UUID.randomUUID(), "default", userCode, "demo-cli", "Demo CLI",
                List.of("openid", "email"), GrantStatus.PENDING, now, now + 600_000, 5, 4_000, now, 0, 160,
                "198.51.100.7", "curl/8", null, null, null, 0);
    }

    /** API Reference, TransactWriteItems and UpdateItem, as pinned above; GrantRepository's transitions, each one conditional write. */
    @StoreTest
    @DisplayName("a grant's life: create, poll, too-early poll, slow_down, lookup, approve, decide again, redeem, replay")
    void grantLifecycle(Store store) {
        String email = "conf-" + UUID.randomUUID() + "@example.com";
        new Seed(store.client(), table(store)).account(email, "sub-1", "Conf", "pw-conformance", false);
        GrantRepository grants = new GrantRepository(store.client(), settings(store));
        long now = System.currentTimeMillis();
        DeviceGrant g = pending(code(), now);

        assertThat(grants.create(g, now)).isTrue();
        assertThat(grants.create(pending(g.userCode(), now), now)).as("a live user code is not issued twice").isFalse();

        var accepted = grants.poll(g.deviceCodeHash(), "default", "demo-cli", now);
        assertThat(accepted).isInstanceOf(GrantRepository.Poll.Accepted.class);
        assertThat(((GrantRepository.Poll.Accepted) accepted).grant().polls()).isEqualTo(1);
        var refused = grants.poll(g.deviceCodeHash(), "default", "demo-cli", now + 1_000);
        assertThat(refused).isInstanceOf(GrantRepository.Poll.Refused.class);
        assertThat(grants.poll("conf-no-such-grant", "default", "demo-cli", now)).isInstanceOf(GrantRepository.Poll.Unknown.class);
        assertThat(grants.poll(g.deviceCodeHash(), "default", "other-cli", now + 10_000))
                .as("another client's device code").isInstanceOf(GrantRepository.Poll.Refused.class);
        assertThat(grants.slowDown(((GrantRepository.Poll.Refused) refused).grant(), now + 1_000)).isEqualTo(10);

        List<IndexedGrant> found = grants.findByUserCode("default", g.userCode());
        assertThat(found).singleElement().satisfies(f -> assertThat(f.deviceCodeHash()).isEqualTo(g.deviceCodeHash()));

        assertThat(grants.decide(found.get(0), true, "sub-1", email, "Conf", now + 2_000)).isEqualTo(GrantRepository.Decision.DONE);
        assertThat(grants.decide(found.get(0), false, "sub-1", email, "Conf", now + 2_000))
                .isEqualTo(GrantRepository.Decision.ALREADY_DECIDED);
        assertThat(grants.findByUserCode("default", g.userCode())).as("a decided grant leaves the index").isEmpty();

        var approved = grants.poll(g.deviceCodeHash(), "default", "demo-cli", now + 20_000);
        DeviceGrant current = ((GrantRepository.Poll.Accepted) approved).grant();
        assertThat(current.status()).isEqualTo(GrantStatus.APPROVED);
        assertThat(grants.redeem(current, "jti-1", now + 3_620_000, now + 20_000)).isEqualTo(GrantRepository.Redemption.REDEEMED);
        assertThat(grants.redeem(current, "jti-2", now + 3_620_000, now + 20_000)).isEqualTo(GrantRepository.Redemption.NOT_APPROVED);
        var replayed = grants.poll(g.deviceCodeHash(), "default", "demo-cli", now + 21_000);
        assertThat(replayed).as("an early replay: refused, with what the redemption issued (ALL_OLD)")
                .isEqualTo(new GrantRepository.Poll.Refused(((GrantRepository.Poll.Refused) replayed).grant(),
                        new GrantRepository.Issued("jti-1", now + 3_620_000, now + 20_000, null)));
        grants.markRevoked(current, now + 30_000);
        grants.markRevoked(current, now + 40_000);
        var later = grants.poll(g.deviceCodeHash(), "default", "demo-cli", now + 50_000);
        assertThat(later).as("on time (ALL_NEW), and revoked: nothing left to revoke")
                .isInstanceOfSatisfying(GrantRepository.Poll.Accepted.class, a -> assertThat(a.unrevoked()).isNull());
        assertThat(store.client().getItem(r -> r.tableName(table(store)).key(Map.of(Keys.PK,
                        Fixture.s(Keys.grant(g.deviceCodeHash())))).consistentRead(true)).item())
                .containsEntry("revoked_at", Fixture.n(Long.toString(now + 30_000)))
                .containsEntry("access_jti", Fixture.s("jti-1"))
                .containsEntry("access_expires_at", Fixture.n(Long.toString(now + 3_620_000)));
    }

    /** As above: an approval needs the account enabled (a ConditionCheck), a finished grant expires in the index too. */
    @StoreTest
    @DisplayName("approval by a disabled account, denial, and finishing a grant whose poll budget is spent")
    void disabledAccountDenialAndFinish(Store store) {
        String email = "conf-" + UUID.randomUUID() + "@example.com";
        Seed seed = new Seed(store.client(), table(store)).account(email, "sub-2", "Conf", "pw-conformance", false);
        seed.disableAccount(email);
        GrantRepository grants = new GrantRepository(store.client(), settings(store));
        long now = System.currentTimeMillis();
        DeviceGrant g = pending(code(), now);
        grants.create(g, now);

        assertThat(grants.decide(g.indexed(), true, "sub-2", email, null, now)).isEqualTo(GrantRepository.Decision.ACCOUNT_UNAVAILABLE);
        assertThat(grants.decide(g.indexed(), false, "sub-2", email, null, now)).isEqualTo(GrantRepository.Decision.DONE);

        DeviceGrant other = pending(code(), now);
        grants.create(other, now);
        grants.finish(other, now + 1);
        assertThat(grants.findByUserCode("default", other.userCode())).as("found by its code, expired (the page says so)")
                .singleElement().satisfies(f -> assertThat(f.expiredAt(now + 1)).isTrue());
        assertThat(grants.decide(other.indexed(), true, "sub-2", email, null, now + 2)).isEqualTo(GrantRepository.Decision.EXPIRED);
    }

    /** As above: Counters take from every counter below its limit in one transaction, or from none. */
    @StoreTest
    @DisplayName("rate counters: taken together up to the limit, then refused with the wait; given back")
    void counters(Store store) {
        Counters counters = new Counters(store.client(), settings(store));
        String name = "conf#" + UUID.randomUUID();
        List<Counters.Counter> both = List.of(new Counters.Counter("default", name + "#a", 2, 60_000),
                new Counters.Counter("default", name + "#b", 5, 60_000));
        long now = 1_800_000_000_000L;
        assertThat(counters.take(both, now)).isEmpty();
        assertThat(counters.take(both, now)).isEmpty();
        assertThat(counters.take(both, now)).as("the first counter is full").hasValue(60_000L);
        counters.giveBack(both, now);
        assertThat(counters.take(both, now)).isEmpty();
    }

    /** API Reference, PutItem with attribute_not_exists(pk), GetItem: one writer of a key wins, the others read it. */
    @StoreTest
    @DisplayName("signing keys and the session key: created once, read back by a second instance")
    void keysCreatedOnce(Store store) {
        String org = "conf" + UUID.randomUUID().toString().substring(0, 8);
        TokenSettings tokens = new TokenSettings(Duration.ofHours(1), Duration.ofHours(1), null, Duration.ofDays(30),
                Duration.ofDays(90), Duration.ofDays(90), Duration.ofHours(1));
        SigningKeys first = new SigningKeys(store.client(), settings(store), new SecureRandom(), Clock.systemUTC(), tokens, null,
                new dev.cliauth.store.PrimingMode(io.micronaut.json.JsonMapper.createDefault()));
        SigningKeys second = new SigningKeys(store.client(), settings(store), new SecureRandom(), Clock.systemUTC(), tokens, null,
                new dev.cliauth.store.PrimingMode(io.micronaut.json.JsonMapper.createDefault()));
        assertThat(second.current(org).getKeyID()).isEqualTo(first.current(org).getKeyID());

        String keyOrg = "conf" + UUID.randomUUID().toString().substring(0, 8);
        byte[] key = sessionKey(store, Clock.systemUTC()).get(keyOrg);
        assertThat(sessionKey(store, Clock.systemUTC()).get(keyOrg)).isEqualTo(key).hasSize(32);
    }

    /**
     * API Reference, UpdateItem with a condition on the rotation time read: the first instance that
     * finds the session key due rotates it; a second instance then reads the result instead of
     * rotating again. The old key keeps verifying as the previous one until the next rotation.
     */
    @StoreTest
    @DisplayName("session key: rotated once, read by a second instance, the old key kept as previous")
    void sessionKeyRotatedOnce(Store store) {
        String org = "conf" + UUID.randomUUID().toString().substring(0, 8);
        dev.cliauth.testing.MutableClock clock = dev.cliauth.testing.MutableClock.startingNow();
        SessionKey first = sessionKey(store, clock);
        SessionKey second = sessionKey(store, clock);
        byte[] original = first.get(org);
        assertThat(second.get(org)).isEqualTo(original);

        clock.advance(Duration.ofMinutes(61));
        byte[] rotated = first.get(org);
        assertThat(rotated).isNotEqualTo(original).hasSize(32);
        assertThat(second.get(org)).as("the loser reads the winner's key").isEqualTo(rotated);
        assertThat(second.verifying(org)).containsExactly(rotated, original);
        assertThat(first.verifying(org)).containsExactly(rotated, original);

        clock.advance(Duration.ofMinutes(61));
        byte[] again = second.get(org);
        assertThat(first.get(org)).isEqualTo(again);
        assertThat(first.verifying(org)).as("two rotations later the original no longer verifies")
                .containsExactly(again, rotated);
    }

    private static SessionKey sessionKey(Store store, Clock clock) {
        return new SessionKey(store.client(), settings(store), new SecureRandom(), clock,
                new PageSettings(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofHours(1)));
    }

    /** API Reference, GetItem: accounts (strongly consistent) and clients, as Seed writes them. */
    @StoreTest
    @DisplayName("accounts and clients as Seed writes them and the repositories read them")
    void accountsAndClients(Store store) {
        String clientId = "conf-" + UUID.randomUUID();
        String email = "conf-" + UUID.randomUUID() + "@example.com";
        new Seed(store.client(), table(store)).publicClient(clientId, "Conf CLI", List.of("openid", "email"), 300, 7)
                .account(email, "sub-3", "Conf", "pw-conformance", false);

        var client = new ClientRepository(store.client(), settings(store), Clock.systemUTC(), Duration.ZERO)
                .find("default", clientId).orElseThrow();
        assertThat(client.scopes()).containsExactly("openid", "email");
        var account = new AccountRepository(store.client(), settings(store)).find("default", email).orElseThrow();
        assertThat(account.subject()).isEqualTo("sub-3");
        assertThat(account.disabled()).isFalse();
        assertThat(new AccountRepository(store.client(), settings(store)).find("default", "nobody@example.com")).isEmpty();
    }
}
