package org.vigie.ingest.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingest edge's domain metrics: {@code vigie_ingest_events_total{type,outcome}} (outcome accepted,
 * duplicate, rejected — every rejected item is also dead-lettered —, unavailable, rate_limited),
 * {@code vigie_ingest_rate_limited_requests_total} (posts answered 429), {@code vigie_ingest_request_seconds} (latency histogram of telemetry
 * posts, by status) and {@code vigie_ingest_batch_size_events} (items per post).
 */
@ApplicationScoped
public class IngestMetrics {

    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";
    public static final String REJECTED = "rejected";
    public static final String UNAVAILABLE = "unavailable";
    /** Refused by the device's rate limit (429): nothing of the request was accepted. */
    public static final String RATE_LIMITED = "rate_limited";
    /** The type label of an item whose type is not a known device event type. */
    public static final String UNKNOWN_TYPE = "unknown";

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Map<String, Counter> events = new ConcurrentHashMap<>();
    private final Counter rateLimitedRequests;
    private final Map<Integer, Timer> requests = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("vigie.ingest.batch.size")
                .baseUnit("events")
                .description("Events per telemetry post")
                .serviceLevelObjectives(1, 10, 100, 500, 1000, 5000)
                .register(registry);
        this.rateLimitedRequests = Counter.builder("vigie.ingest.rate.limited.requests")
                .description("Telemetry posts refused by the per-device rate limit (429)")
                .register(registry);
    }

    public void rateLimited() {
        rateLimitedRequests.increment();
    }

    public void events(String type, String outcome, int count) {
        if (count <= 0) {
            return;
        }
        String t = type == null ? UNKNOWN_TYPE : type;
        events.computeIfAbsent(t + '|' + outcome, k -> Counter.builder("vigie.ingest.events")
                .description("Telemetry events by type and outcome")
                .tag("type", t).tag("outcome", outcome)
                .register(registry)).increment(count);
    }

    public void batch(int size) {
        batchSize.record(size);
    }

    public void request(int status, long nanos) {
        requests.computeIfAbsent(status, s -> Timer.builder("vigie.ingest.request")
                .description("Latency of telemetry posts, from body read to answer")
                .tag("status", Integer.toString(s))
                .publishPercentileHistogram()
                .register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
