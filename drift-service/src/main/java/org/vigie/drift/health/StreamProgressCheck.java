package org.vigie.drift.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.vigie.drift.config.DriftConfig;

/**
 * Readiness DOWN when the drift stream is RUNNING but stuck: input waits and nothing has been processed for
 * {@code vigie.drift.health.stall-after} (default 2 minutes). Once seen in a test run: the exactly-once producer
 * retried a refused write forever, Kafka Streams stayed RUNNING and the service reported ready while no signal
 * could ever come out. DOWN takes the instance out of rotation and shows on the platform's health dashboard.
 *
 * <p>Processed: the stream threads' {@code process-total}. Waiting: the sum of the main consumers'
 * per-partition {@code records-lag} (not the restore consumers': restoring is REBALANCING, judged elsewhere).
 */
@Readiness
@Startup // the gauge below exists from start-up, not from the first readiness probe
@ApplicationScoped
public class StreamProgressCheck implements HealthCheck {

    private final KafkaStreams streams;
    private final StreamProgress progress;

    public StreamProgressCheck(KafkaStreams streams, DriftConfig config, MeterRegistry registry) {
        this.streams = streams;
        this.progress = new StreamProgress(config.health().stallAfter());
        // Scraped every few seconds, the gauge also keeps the samples coming when nobody probes readiness; the
        // alert rule VigieDriftStreamStalled (deploy/prometheus) fires on it.
        Gauge.builder("vigie.drift.stream.stalled.seconds", this, StreamProgressCheck::stalledSeconds)
                .description("Seconds the drift stream has processed nothing while input waits (0 when it progresses or is idle)")
                .register(registry);
    }

    /** How long the stream has been still with input waiting; 0 when it progresses, is idle or is not running. */
    double stalledSeconds() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return 0;
        }
        StreamProgress.Verdict verdict = sample();
        return verdict.inputWaiting() > 0 ? verdict.unchangedFor().toMillis() / 1000.0 : 0;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("drift stream progress");
        KafkaStreams.State state = streams.state();
        response.withData("state", state.name());
        if (state != KafkaStreams.State.RUNNING) {
            // Starting, restoring or rebalancing: the Kafka Streams checks speak for those states.
            return response.up().build();
        }
        StreamProgress.Verdict verdict = sample();
        response.withData("processed", (long) verdict.processed())
                .withData("inputWaiting", (long) verdict.inputWaiting())
                .withData("unchangedForSeconds", verdict.unchangedFor().toSeconds());
        return verdict.stalled() ? response.down().build() : response.up().build();
    }

    /** One sample of the stream threads' processed total and the main consumers' lag. */
    private StreamProgress.Verdict sample() {
        double processed = 0;
        double waiting = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            if ("stream-thread-metrics".equals(name.group()) && "process-total".equals(name.name())) {
                processed += number(e.getValue());
            } else if ("consumer-fetch-manager-metrics".equals(name.group()) && "records-lag".equals(name.name())
                    && name.tags().containsKey("partition") && isMainConsumer(name.tags().get("client-id"))) {
                waiting += Math.max(0, number(e.getValue()));
            }
        }
        return progress.sample(processed, waiting, System.nanoTime());
    }

    private static boolean isMainConsumer(String clientId) {
        return clientId != null && clientId.endsWith("-consumer") && !clientId.endsWith("-restore-consumer");
    }

    private static double number(Metric metric) {
        Object value = metric.metricValue();
        return value instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0;
    }
}
