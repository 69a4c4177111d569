package dev.cliauth.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much the benchmark measures. {@link #full()} is the documented command (about five minutes on
 * two cores); {@link #smoke()} is the same code with tiny counts, for the smoke test.
 *
 * @param latencyWarmup       warm-up requests per endpoint, not recorded
 * @param latencyIterations   recorded requests per endpoint (and as many floor operations)
 * @param coldRuns            fresh JVMs per handler and per baseline
 * @param coldWarmupRun       whether one discarded cold start first warms the file cache
 * @param pendingPollsPerLogin pending polls in the capacity flow of one complete login
 * @param signingIterations   recorded ES256 signatures
 * @param loadWarmupSeconds   load on local mode before the idle measurement, not recorded (0: none)
 * @param loadIdleSeconds     duration of the idle (lowest-rate) measurement
 * @param loadStepSeconds     duration of each rate step
 * @param pollIdleRate        pending polls per second when "idle"
 * @param pollRates           pending-poll rates stepped through (per second)
 * @param loginIdleRate       complete logins per second when "idle"
 * @param loginRates          login rates stepped through (per second)
 * @param firstRuns           fresh JVMs per handler and mode (primed, unprimed) for the first request after init
 * @param firstWarmup         warm-up requests after the first request, not recorded
 * @param firstRecorded       recorded warm requests after them, for the warm p50 of the same JVM
 * @param firstDiagnosticRuns fresh JVMs per handler for each diagnostic mode (primed then connected; primed repeatedly)
 * @param firstRepeatedPrimings how often the diagnostic "primed repeatedly" primes before the first request
 * @param peerWarmup          device authorizations per server before the recorded ones (peer comparison)
 * @param peerRecorded        recorded device authorizations per server
 * @param peerPollWarmup      pending polls per server before the recorded ones
 * @param peerPollRecorded    recorded pending polls per server
 * @param peerIdleRate        pending polls per second when "idle" (peer comparison)
 * @param peerRates           pending-poll rates stepped through for each server (per second)
 * @param breakdownWarmup     warm-up iterations of the in-process split of local mode's pending poll
 */
record Settings(String name, int latencyWarmup, int latencyIterations, int coldRuns, boolean coldWarmupRun,
                int pendingPollsPerLogin,
                int signingIterations, int loadWarmupSeconds, int loadIdleSeconds, int loadStepSeconds,
                double pollIdleRate, List<Double> pollRates, double loginIdleRate, List<Double> loginRates,
                int firstRuns, int firstWarmup, int firstRecorded, int firstDiagnosticRuns, int firstRepeatedPrimings,
                int peerWarmup, int peerRecorded, int peerPollWarmup, int peerPollRecorded,
                double peerIdleRate, List<Double> peerRates, int breakdownWarmup) {

    static Settings full() {
        return new Settings("full", 500, 2000, 5, true, 6, 3000, 3, 10, 5,
                20, List.of(50.0, 100.0, 150.0, 200.0, 300.0, 450.0, 650.0),
                4, List.of(10.0, 20.0, 30.0, 45.0, 65.0, 90.0),
                5, 300, 300, 3, 20,
                1000, 1000, 10000, 2000, 20, List.of(50.0, 100.0, 200.0, 400.0, 700.0, 1000.0, 1500.0, 2000.0),
                5000);
    }

    static Settings smoke() {
        return new Settings("smoke", 20, 40, 1, false, 2, 50, 0, 2, 2,
                10, List.of(20.0), 2, List.of(),
                1, 20, 20, 1, 2,
                10, 30, 10, 30, 10, List.of(20.0), 20);
    }

    static Settings named(String name) {
        return "smoke".equals(name) ? smoke() : full();
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", name);
        m.put("latency_warmup_requests", latencyWarmup);
        m.put("latency_recorded_requests", latencyIterations);
        m.put("cold_start_runs", coldRuns);
        m.put("pending_polls_per_login", pendingPollsPerLogin);
        m.put("signing_iterations", signingIterations);
        m.put("load_step_seconds", loadStepSeconds);
        m.put("poll_rates_per_s", pollRates);
        m.put("login_rates_per_s", loginRates);
        m.put("first_request_runs", firstRuns);
        m.put("first_request_warm_requests", firstWarmup + " warm-up + " + firstRecorded + " recorded");
        m.put("peer_device_authorizations", peerWarmup + " warm-up + " + peerRecorded + " recorded");
        m.put("peer_pending_polls", peerPollWarmup + " warm-up + " + peerPollRecorded + " recorded");
        m.put("peer_poll_rates_per_s", peerRates);
        return m;
    }
}
