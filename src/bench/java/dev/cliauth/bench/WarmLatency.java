package dev.cliauth.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Warm latency per endpoint beside its floor, measured by {@link WarmLatencyMain} in a child JVM with
 * Lambda's flags (Lambda runs warm code C1-compiled too), against this JVM's DynamoDB engine over HTTP on
 * 127.0.0.1 (a network hop, as to DynamoDB).
 */
final class WarmLatency {

    private WarmLatency() {
    }

    static Map<String, Object> measure(Settings settings, String endpoint, String table, Path dir) {
        return ChildJvm.run(WarmLatencyMain.class.getName(),
                List.of(endpoint, table, Integer.toString(settings.latencyWarmup()), Integer.toString(settings.latencyIterations())),
                Map.of("AWS_REGION", "us-east-1"), dir.resolve("warm-latency.log"), 480);
    }
}
