package dev.cliauth.lambda;

import dev.cliauth.config.PrimingSettings;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.logging.Traces;
import dev.cliauth.store.DynamoTransport;
import dev.cliauth.store.Keys;
import dev.cliauth.store.Primed;
import dev.cliauth.store.PrimingFixture;
import dev.cliauth.store.PrimingMode;
import io.micronaut.context.ApplicationContext;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming, as a CRaC resource: before the snapshot, every route of the function runs
 * through the real handler ({@link PrimingRequests}) with DynamoDB answered in-process by
 * {@link PrimingMode}, and the {@link Primed} beans warm what no route reaches (one signature, one
 * bcrypt check, every template); then every value priming cached is forgotten. After a restore
 * the DynamoDB client starts a fresh HTTP client. So a restored instance has its classes loaded
 * and compiled, and holds no key, session key, nonce, credential or connection from before.
 */
public final class Priming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

    private final CliauthFunction function;
    private final String environment;
    private volatile Report last;

    Priming(CliauthFunction function, String environment) {
        this.function = function;
        this.environment = environment;
    }

    /** What one priming did. */
    public record Report(List<String> requests, List<String> dynamoOperations) {
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            prime();
        } catch (RuntimeException e) {
            // Priming only saves time; a function that could not prime still serves.
            LOG.error("priming failed: {}", Traces.withoutMessages(e));
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        restored();
    }

    /** Primes the function; returns what it sent and what the DynamoDB client did. */
    public Report prime() {
        ApplicationContext beans = function.context();
        PrimingMode mode = beans.getBean(PrimingMode.class);
        Collection<Primed> primed = beans.getBeansOfType(Primed.class);
        PrimingFixture fixture = new PrimingFixture(Keys.DEFAULT_ORG, PrimingFixture.CLIENT_ID, PrimingFixture.EMAIL,
                throwawayPassword(beans.getBean(SecureRandom.class)), PrimingFixture.PENDING_DEVICE_CODE,
                PrimingFixture.APPROVED_DEVICE_CODE, PrimingFixture.USER_CODE, beans.getBean(Clock.class).millis());
        int rounds = beans.getBean(PrimingSettings.class).rounds();
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        primed.forEach(p -> items.putAll(p.primingItems(fixture)));
        mode.begin(items);
        List<String> requests;
        List<String> operations;
        try {
            PrimingRequests sender = new PrimingRequests(function, fixture);
            requests = sender.send(environment, true);
            List<Primed> readCaches = primed.stream().filter(Primed::forgetsOnlyReads).toList();
            for (int round = 1; round < rounds; round++) {
                readCaches.forEach(Primed::forget);     // as after a restore: the first request reads
                sender.send(environment, false);
            }
            primed.forEach(p -> p.warm(fixture));
            closeConnection(beans);
        } finally {
            operations = mode.end();
            primed.forEach(Primed::forget);
        }
        Map<String, Long> counts = new java.util.TreeMap<>();
        operations.forEach(op -> counts.merge(op, 1L, Long::sum));
        LOG.info("primed {} in {} rounds: first round {}; DynamoDB stand-in {}", environment, rounds, requests, counts);
        last = new Report(requests, operations);
        return last;
    }

    /** What the last priming did, or {@code null} before the first. */
    public Report lastReport() {
        return last;
    }

    /**
     * One last read with {@code Connection: close}: it takes the connection priming left in the
     * HTTP client's pool, and the stand-in closes it.
     */
    private static void closeConnection(ApplicationContext beans) {
        beans.getBean(PrimingMode.class).closeConnections();
        beans.getBean(DynamoDbClient.class).getItem(g -> g.tableName(beans.getBean(ServiceSettings.class).table())
                .key(Map.of(Keys.PK, AttributeValue.fromS("PRIMING#close"))));
    }

    /** After a restore: a new HTTP client for DynamoDB, and nothing cached from before. */
    public void restored() {
        ApplicationContext beans = function.context();
        beans.getBean(DynamoTransport.class).reset();
        beans.getBeansOfType(Primed.class).forEach(Primed::forget);
    }

    private static String throwawayPassword(SecureRandom random) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
