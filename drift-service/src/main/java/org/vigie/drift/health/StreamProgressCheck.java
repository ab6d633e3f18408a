package org.vigie.drift.health;

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
@ApplicationScoped
public class StreamProgressCheck implements HealthCheck {

    private final KafkaStreams streams;
    private final StreamProgress progress;

    public StreamProgressCheck(KafkaStreams streams, DriftConfig config) {
        this.streams = streams;
        this.progress = new StreamProgress(config.health().stallAfter());
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
        StreamProgress.Verdict verdict = progress.sample(processed, waiting, System.nanoTime());
        response.withData("processed", (long) verdict.processed())
                .withData("inputWaiting", (long) verdict.inputWaiting())
                .withData("unchangedForSeconds", verdict.unchangedFor().toSeconds());
        return verdict.stalled() ? response.down().build() : response.up().build();
    }

    private static boolean isMainConsumer(String clientId) {
        return clientId != null && clientId.endsWith("-consumer") && !clientId.endsWith("-restore-consumer");
    }

    private static double number(Metric metric) {
        Object value = metric.metricValue();
        return value instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0;
    }
}
