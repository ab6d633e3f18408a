package org.vigie.observatory.bench;

import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.vigie.observatory.it.Metrics;
import org.vigie.testkit.CpuClock;
import org.vigie.testkit.PlatformUnderBench;

/**
 * The rollup path on the local platform, as the issue states its goal: the packaged observatory-service
 * ({@code quarkus-run.jar}) as {@code deploy/local/vigie up} runs it, its own process beside the platform's Kafka
 * broker and PostgreSQL, with this JVM as the producer only. Each run writes {@code bench.events} inference and usage
 * events (2:1, {@link RollupBenchmark#produce}: options {@code bench.deployments}, {@code bench.times}, {@code bench.ids}) to the platform's topics and measures from the first write until the
 * service's counter of applied events has them all; the first {@code bench.warmup.runs} (2) of {@code bench.runs} (6)
 * warm the service's JIT, and the median of the others is printed last. Prints events/s and the CPU per
 * event of every process (the service, of which its JIT compiler threads; PostgreSQL's backends of the platform's
 * database; the broker; this producer).
 *
 * <pre>
 * VIGIE_HOME=/tmp/vigie-obs VIGIE_SERVICES=observatory VIGIE_PORT_OFFSET=600 deploy/local/vigie up
 * cd observatory-service && ../mvnw -B -o test -Dtest=PlatformRollupBenchmark \
 *     -Dbench.platform=/tmp/vigie-obs -Dbench.platform.offset=600 -Dbench.events=300000
 * VIGIE_HOME=/tmp/vigie-obs VIGIE_SERVICES=observatory VIGIE_PORT_OFFSET=600 deploy/local/vigie down
 * </pre>
 */
class PlatformRollupBenchmark {

    @Test
    void packaged_service_rollup_throughput() throws Exception {
        PlatformUnderBench platform = PlatformUnderBench.fromSystemProperties("observatory", 8084);
        String bootstrap = platform.bootstrapServers();
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = platform.servicePort();
        CpuClock clock = platform.cpuClock();

        int total = Integer.getInteger("bench.events", 300_000);
        System.out.printf(Locale.ROOT, "PLATFORM rollup: %d events a run, %s%n", total, RollupBenchmark.shape());
        int runs = Integer.getInteger("bench.runs", 6);
        int warmupRuns = Integer.getInteger("bench.warmup.runs", 2);
        List<Double> warmRates = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            String prefix = "pbench" + run + "-" + System.nanoTime();
            double appliedBefore = RollupBenchmark.applied();
            double duplicatesBefore = duplicates();
            CpuClock.Reading before = clock.read();
            long started = System.nanoTime();
            // A seed of its own: the platform's database keeps what earlier invocations applied, and the same seed
            // would replay their eventIds (rightly counted as duplicates, never as fresh).
            int[] sent = RollupBenchmark.produce(bootstrap, prefix, total, (int) System.nanoTime());
            double producedSeconds = (System.nanoTime() - started) / 1e9;
            int events = sent[0] + sent[1];
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (RollupBenchmark.applied() < appliedBefore + events) {
                if (System.nanoTime() > deadline || duplicates() > duplicatesBefore) {
                    throw new AssertionError("not every event was applied as fresh: "
                            + (RollupBenchmark.applied() - appliedBefore) + " of " + events + ", " + (duplicates() - duplicatesBefore) + " duplicates");
                }
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            CpuClock.Reading cpu = clock.read().minus(before);
            System.out.printf(Locale.ROOT, "PLATFORM rollup run %d: %d events (%d inferences, %d usages) produced in %.1f s,"
                            + " all applied after %.1f s: %.0f events/s; CPU per event %.1f µs (service %.1f, of which JIT"
                            + " compiler threads %.1f; PostgreSQL %.1f; broker %.1f) + producer %.1f%n", run, events, sent[0],
                    sent[1], producedSeconds, seconds, events / seconds,
                    (cpu.service() + cpu.postgres() + cpu.broker()) / events, cpu.service() / events,
                    cpu.serviceJit() / events, cpu.postgres() / events, cpu.broker() / events, cpu.self() / events);
            if (run >= warmupRuns) {
                warmRates.add(events / seconds);
            }
        }
        if (!warmRates.isEmpty()) {
            System.out.printf(Locale.ROOT, "PLATFORM rollup: median of runs %d-%d (the first %d warm the service's JIT):"
                    + " %.0f events/s%n", warmupRuns, runs - 1, warmupRuns, PlatformUnderBench.median(warmRates));
        }
    }

    private static double duplicates() {
        return Metrics.value("vigie_observatory_events_applied_total", "outcome=\"duplicate\"");
    }
}
