package dev.cliauth.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ES256 signing under Lambda's flags ({@link SigningMain} in a fresh JVM), and its share of the
 * redemption: {@code TokenMinter.mint} (two signatures) timed in the warm-latency JVM, divided by
 * the redemption's p50 from the same JVM.
 */
final class Signing {

    private Signing() {
    }

    static Map<String, Object> measure(Settings settings, Path dir, Map<String, Object> latency) {
        List<String> counts = List.of(Integer.toString(settings.signingIterations() / 2),
                Integer.toString(settings.signingIterations()));
        Map<String, Object> child = ChildJvm.run(SigningMain.class.getName(), counts, Map.of(), dir.resolve("signing.log"), 120);
        // The same with the JVM's default tiered compilation (C2), for the cost of Lambda's C1-only flag.
        Map<String, Object> fullJit = ChildJvm.run(List.of(), SigningMain.class.getName(), counts, Map.of(),
                dir.resolve("signing.log"), 120);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jvm_flags", ChildJvm.LAMBDA_FLAGS);
        out.put("algorithm", "ES256 (P-256), Nimbus JOSE+JWT, new ECDSASigner per token as TokenMinter does");
        out.put("es256_first_sign_ms", child.get("first_sign_ms"));
        out.put("es256_sign_p50_ms", child.get("sign_p50_ms"));
        out.put("es256_sign_p99_ms", child.get("sign_p99_ms"));
        out.put("es256_sign_p50_ms_default_jit", fullJit.get("sign_p50_ms"));
        out.put("signatures_per_redemption", 2);
        @SuppressWarnings("unchecked")
        Map<String, Object> mint = (Map<String, Object>) latency.get("mint");
        @SuppressWarnings("unchecked")
        Map<String, Object> redemption = (Map<String, Object>) latency.get("redemption");
        double mintP50 = ((Number) mint.get("p50_ms")).doubleValue();
        double redemptionP50 = ((Number) redemption.get("p50_ms")).doubleValue();
        double signP50 = ((Number) child.get("sign_p50_ms")).doubleValue();
        out.put("mint_p50_ms", mintP50);
        out.put("mint_p99_ms", mint.get("p99_ms"));
        out.put("redemption_p50_ms", redemptionP50);
        out.put("share_of_redemption_p50", Percentiles.round(mintP50 / redemptionP50));
        out.put("two_signatures_share_of_redemption_p50", Percentiles.round(2 * signP50 / redemptionP50));
        return out;
    }
}
