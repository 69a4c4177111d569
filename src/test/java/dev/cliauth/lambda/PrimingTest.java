package dev.cliauth.lambda;

import dev.cliauth.config.Functions;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.local.SamTemplate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnapStart priming in a fresh JVM ({@link PrimingChild}): both CRaC callbacks on each function,
 * no DynamoDB write, no random value from priming reused after the restore, the requests after it
 * served, and every route of {@code template.yaml} primed through its own function.
 */
class PrimingTest {

    private static final Map<String, String> ENVIRONMENTS = Map.of(
            DeviceAuthorizationHandler.class.getName(), Functions.DEVICE_AUTHORIZATION,
            TokenHandler.class.getName(), Functions.TOKEN,
            VerificationHandler.class.getName(), Functions.VERIFICATION,
            PortalHandler.class.getName(), Functions.PORTAL);

    @Test
    void callbacksInAFreshJvmPrimeEveryRouteWriteNothingAndLeaveNothingBehind() throws Exception {
        List<String> output = runChild();
        assertThat(output).as(String.join("\n", output)).anyMatch(line -> line.startsWith("PRIMING-OK"));
        output.stream().filter(l -> l.startsWith("PRIMED") || l.startsWith("PRIMING-OK") || l.startsWith("SERVED"))
                .forEach(System.out::println);

        for (SamTemplate.Route route : SamTemplate.load().routes()) {
            String environment = ENVIRONMENTS.get(route.handlerClass());
            String path = route.path().replace("{proxy+}", "").replace("{orgId}", OrgRepository.PRIMING_ORG)
                    .replace("{clientId}", dev.cliauth.store.PrimingFixture.CLIENT_ID);
            assertThat(output).as("route %s %s primed by %s", route.method(), route.path(), environment)
                    .anyMatch(line -> line.startsWith("PRIMED " + environment + " " + route.method() + " " + path)
                            && !line.endsWith(" 500"));
        }
        assertThat(output).filteredOn(line -> line.startsWith("PRIMED "))
                .as("no primed request failed").noneMatch(line -> line.endsWith(" 500") || line.endsWith(" 503"));
    }

    private static List<String> runChild() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classpath, PrimingChild.class.getName());
        pb.environment().keySet().removeIf(k -> k.startsWith("CLIAUTH_") || k.equals("JAVA_TOOL_OPTIONS"));
        Path log = Path.of("target", "priming-child.log");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process child = pb.start();
        boolean ended = child.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly().waitFor();
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(ended).as("child ended; " + String.join("\n", lines)).isTrue();
        assertThat(child.exitValue()).as(String.join("\n", lines)).isZero();
        return lines;
    }
}
