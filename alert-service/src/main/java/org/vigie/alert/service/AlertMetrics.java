package org.vigie.alert.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.vigie.contracts.events.Alert;

/** The alert service's domain metrics. */
@ApplicationScoped
public class AlertMetrics {

    private final MeterRegistry registry;
    private final AtomicLong overdue = new AtomicLong();
    private final Timer deliveryLatency;

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("vigie_alert_obligations_overdue", overdue);
        this.deliveryLatency = Timer.builder("vigie_alert_delivery_latency")
                .description("Time from an alert revision to its webhook being accepted by the subscriber")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(24))
                .register(registry);
    }

    /** A new alert (revision 1). */
    public void opened(Alert alert) {
        Counter.builder("vigie_alerts_total").description("Alerts opened, by kind and severity")
                .tag("kind", alert.kind().name().toLowerCase(java.util.Locale.ROOT))
                .tag("severity", alert.severity().name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
    }

    public void delivery(String outcome) {
        Counter.builder("vigie_alert_deliveries_total").description("Webhook delivery attempts, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    public void delivered(Duration sinceRevision) {
        deliveryLatency.record(sinceRevision);
    }

    public void overdueObligations(long count) {
        overdue.set(count);
    }

    public void rejectedMessage(String source) {
        Counter.builder("vigie_alert_messages_rejected_total").description("Unreadable messages skipped")
                .tag("source", source).register(registry).increment();
    }
}
