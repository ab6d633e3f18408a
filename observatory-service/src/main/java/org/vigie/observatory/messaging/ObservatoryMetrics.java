package org.vigie.observatory.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The observatory's own metrics, domain names with units: what was applied, replayed, refused, and how long a
 * rollup transaction takes. Kafka consumer lag comes from the Kafka client binder
 * ({@code kafka_consumer_fetch_manager_records_lag_max}).
 */
@ApplicationScoped
public class ObservatoryMetrics {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer batchTimer;
    private final AtomicLong lastApplied = new AtomicLong();

    public ObservatoryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchTimer = Timer.builder("vigie_observatory_rollup_batch_seconds")
                .description("Time to apply one batch of telemetry to the rollups (one transaction)")
                .publishPercentileHistogram().register(registry);
        registry.gauge("vigie_observatory_last_applied_timestamp_seconds", lastApplied);
    }

    public void applied(int fresh, int duplicates) {
        counter("vigie_observatory_events_applied_total", "outcome", "fresh").increment(fresh);
        counter("vigie_observatory_events_applied_total", "outcome", "duplicate").increment(duplicates);
        lastApplied.set(System.currentTimeMillis() / 1000);
    }

    public void rejected(String topicKey) {
        counter("vigie_observatory_events_rejected_total", "topic", topicKey).increment();
    }

    public void unattributedOutcomes(int n) {
        counter("vigie_observatory_outcomes_unattributed_total", null, null).increment(n);
    }

    public void surveillance(String topicKey, int n) {
        counter("vigie_observatory_surveillance_records_total", "topic", topicKey).increment(n);
    }

    public Timer batchTimer() {
        return batchTimer;
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + "|" + tag + "|" + value, k -> {
            Counter.Builder b = Counter.builder(name);
            if (tag != null) {
                b.tag(tag, value);
            }
            return b.register(registry);
        });
    }
}
