package dev.cliauth.lambda;

import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.MutableClock;
import dev.cliauth.testing.TestDynamo;
import dev.cliauth.local.Seed;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnapStart safety at run time, beyond what the SpotBugs rules can see through Micronaut: starting
 * a handler (Lambda init, every singleton created eagerly) draws no random value and reads no
 * clock, so nothing unique is captured in the snapshot; the first request does both.
 */
class SnapStartInitTest {

    /** Counts every draw. */
    static final class CountingRandom extends SecureRandom {
        final AtomicInteger draws = new AtomicInteger();

        @Override
        public void nextBytes(byte[] bytes) {
            draws.incrementAndGet();
            super.nextBytes(bytes);
        }

        @Override
        public int nextInt(int bound) {
            draws.incrementAndGet();
            return super.nextInt(bound);
        }
    }

    /** Counts every reading. */
    static final class CountingClock extends MutableClock {
        final AtomicInteger reads = new AtomicInteger();

        CountingClock() {
            super(Instant.now());
        }

        @Override
        public Instant instant() {
            reads.incrementAndGet();
            return super.instant();
        }
    }

    @Test
    void initDrawsNoRandomnessAndReadsNoClockButTheFirstRequestDoes() {
        String table = TestDynamo.newTable();
        new Seed(TestDynamo.client(), table).demo();
        Map<String, Object> props = Map.of("cliauth.table", table, "cliauth.dynamodb.endpoint", TestDynamo.endpoint());
        CountingRandom random = new CountingRandom();
        CountingClock clock = new CountingClock();
        DeviceAuthorizationHandler device = new DeviceAuthorizationHandler(props, random, clock);
        TokenHandler token = new TokenHandler(props, random, clock);
        VerificationHandler verification = new VerificationHandler(props, random, clock);
        try {
            assertThat(random.draws).as("random draws during init").hasValue(0);
            assertThat(clock.reads).as("clock reads during init").hasValue(0);

            assertThat(Functions.invoke(device, Events.load("device-authorization").form("client_id=demo-cli").build())
                    .getStatusCode()).isEqualTo(200);
            assertThat(Functions.invoke(token, Events.load("jwks").build()).getStatusCode()).isEqualTo(200);
            assertThat(random.draws.get()).as("the injected random source is the one used").isPositive();
            assertThat(clock.reads.get()).isPositive();
        } finally {
            device.context().close();
            token.context().close();
            verification.context().close();
        }
    }
}
