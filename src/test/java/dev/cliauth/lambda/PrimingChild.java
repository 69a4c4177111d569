package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import dev.cliauth.testing.TestDynamo;
import dev.cliauth.verification.SessionKey;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PrimingTest}'s fresh JVM: the three functions on a seeded table, SnapStart's two callbacks
 * run on each ({@code beforeCheckpoint}, {@code afterRestore}), then a whole login through the real
 * pages. It checks, and prints for the parent:
 * <ul>
 *   <li>priming wrote nothing: the table holds exactly what it held before;</li>
 *   <li>no random value drawn while priming appears anywhere after the restore (responses,
 *       cookies, stored items), and the signing and session keys in use are the stored ones, not
 *       priming's throwaway ones;</li>
 *   <li>the requests after priming are served.</li>
 * </ul>
 */
public final class PrimingChild {

    /** Records every value drawn while {@code priming} is set. */
    static final class RecordingRandom extends SecureRandom {
        volatile boolean priming;
        final List<byte[]> primingDraws = new CopyOnWriteArrayList<>();

        @Override
        public void nextBytes(byte[] bytes) {
            super.nextBytes(bytes);
            if (priming && bytes.length >= 16) {
                primingDraws.add(bytes.clone());
            }
        }
    }

    /** Keeps the items GetItem returned, to see what priming's stand-in served. */
    static final class ReadItems implements ExecutionInterceptor {
        final List<Map<String, AttributeValue>> items = new CopyOnWriteArrayList<>();

        @Override
        public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
            if (context.response() instanceof GetItemResponse get && get.hasItem()) {
                items.add(get.item());
            }
        }
    }

    private PrimingChild() {
    }

    public static void main(String[] args) {
        try {
            run();
        } catch (Throwable failure) {
            // The in-process DynamoDB's threads would keep a failed child alive.
            failure.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run() throws Exception {
        RecordingRandom random = new RecordingRandom();
        ReadItems reads = new ReadItems();
        try (Functions functions = Functions.overHttp(random, reads)) {
            List<CliauthFunction> handlers = List.of(functions.deviceAuthorization, functions.token, functions.verification,
                    functions.portal());
            List<Map<String, AttributeValue>> before = table(functions);

            random.priming = true;
            for (CliauthFunction handler : handlers) {
                handler.priming().beforeCheckpoint(null);
                Priming.Report report = handler.priming().lastReport();
                assertThat(report).as("priming of " + handler.environment() + " ran").isNotNull();
                for (String request : report.requests()) {
                    System.out.println("PRIMED " + handler.environment() + " " + request);
                }
                System.out.println("PRIMED-DYNAMODB " + handler.environment() + " " + new java.util.TreeSet<>(report.dynamoOperations()));
                assertThat(report.dynamoOperations()).as("reads, or writes answered in-process and not performed")
                        .allMatch(op -> op.startsWith("GetItem ") || op.equals("Query") || op.endsWith(" refused") || op.endsWith(" not written"));
            }
            random.priming = false;
            List<Map<String, AttributeValue>> throwaway = new ArrayList<>(reads.items);
            assertThat(table(functions)).as("priming wrote nothing").isEqualTo(before);
            assertThat(throwaway).as("priming read its throwaway keys").isNotEmpty();

            for (CliauthFunction handler : handlers) {
                handler.priming().afterRestore(null);
            }

            // The first requests after the restore: a whole login through the pages.
            StringBuilder emitted = new StringBuilder();
            Logins logins = new Logins(functions);
            Logins.Started started = logins.start();
            emitted.append(started.body());
            EventBrowser browser = new EventBrowser(functions.verification);
            emitted.append(browser.signInWithCode(started.userCode(), "demo@example.com", "demo-password").getBody());
            APIGatewayV2HTTPResponse decided = browser.decide("approve");
            assertThat(decided.getStatusCode()).as(decided.getBody()).isEqualTo(200);
            emitted.append(decided.getBody()).append(browser.cookies());
            APIGatewayV2HTTPResponse tokens = logins.poll(started.deviceCode(), "demo-cli");
            assertThat(tokens.getStatusCode()).as(tokens.getBody()).isEqualTo(200);
            emitted.append(tokens.getBody());
            APIGatewayV2HTTPResponse jwks = Functions.invoke(functions.token, Events.load("jwks").build());
            assertThat(jwks.getStatusCode()).isEqualTo(200);
            emitted.append(jwks.getBody());
            System.out.println("SERVED device authorization, pages, approval, tokens, JWKS after restore");

            List<Map<String, AttributeValue>> after = table(functions);
            emitted.append(after);
            String stored = String.valueOf(item(after, "KEYS#default").get("jwks").s());
            for (Map<String, AttributeValue> item : throwaway) {
                if (item.containsKey("jwks")) {
                    String x = com.nimbusds.jose.jwk.JWKSet.parse(item.get("jwks").s()).getKeys().get(0).toJSONObject().get("x").toString();
                    assertThat(jwks.getBody()).as("the throwaway signing key is not served").doesNotContain(x);
                    assertThat(stored).as("the throwaway signing key is not stored").doesNotContain(x);
                }
                if (item.containsKey("key") && item.get("key").b() != null) {
                    byte[] used = functions.verification.context().getBean(SessionKey.class).get("default");
                    assertThat(used).as("the session key in use is the stored one")
                            .isEqualTo(item(after, "SESSIONKEY#default").get("key").b().asByteArray())
                            .isNotEqualTo(item.get("key").b().asByteArray());
                }
            }
            assertThat(com.nimbusds.jose.jwk.JWKSet.parse(jwks.getBody()).getKeys().get(0).toJSONObject().get("x"))
                    .as("JWKS serves the stored key").isEqualTo(com.nimbusds.jose.jwk.JWKSet.parse(stored).getKeys().get(0)
                            .toJSONObject().get("x"));

            String all = emitted.toString();
            assertThat(random.primingDraws).as("priming drew random values (throwaway keys, password, nonces)").isNotEmpty();
            for (byte[] draw : random.primingDraws) {
                assertThat(all).doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(draw))
                        .doesNotContain(Base64.getEncoder().encodeToString(draw))
                        .doesNotContain(HexFormat.of().formatHex(draw));
            }
            System.out.println("PRIMING-OK " + random.primingDraws.size() + " values drawn while priming, none seen after restore");
        }
    }

    private static List<Map<String, AttributeValue>> table(Functions functions) {
        return TestDynamo.client().scanPaginator(s -> s.tableName(functions.table).consistentRead(true)).items().stream()
                .sorted(java.util.Comparator.comparing(i -> i.get("pk").s())).toList();
    }

    private static Map<String, AttributeValue> item(List<Map<String, AttributeValue>> items, String pk) {
        return items.stream().filter(i -> i.get("pk").s().equals(pk)).findFirst()
                .orElseThrow(() -> new AssertionError("no item " + pk));
    }
}
