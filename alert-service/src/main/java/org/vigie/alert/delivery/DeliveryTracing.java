package org.vigie.alert.delivery;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.vigie.alert.store.DeliveryRecord;

/**
 * A webhook delivery attempt as a CLIENT span in the trace of what caused the alert revision (the device's POST
 * of a field report, carried through Kafka and kept with the delivery in the outbox), and the W3C headers the
 * request carries to the subscriber. With tracing off (no SDK), the stored context is forwarded as it came, so a
 * subscriber can still join the device's trace. The callback URL is not recorded (its query may hold a token).
 */
@ApplicationScoped
public class DeliveryTracing {

    private static final AttributeKey<String> DELIVERY_ID = AttributeKey.stringKey("vigie.delivery.id");
    private static final AttributeKey<String> SUBSCRIPTION_ID = AttributeKey.stringKey("vigie.subscription.id");
    private static final AttributeKey<String> ALERT_ID = AttributeKey.stringKey("vigie.alert.id");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("vigie.delivery.attempt");
    private static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public DeliveryTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("org.vigie.alert.delivery");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** One attempt's span, started now; {@link Traced#headers()} go on the request. */
    public Traced start(DeliveryRecord d, String host) {
        Context parent = d.traceparent == null ? Context.root()
                : propagator.extract(Context.root(), Map.of("traceparent", d.traceparent), GETTER);
        Span span = tracer.spanBuilder("webhook delivery").setSpanKind(SpanKind.CLIENT).setParent(parent)
                .setAttribute(DELIVERY_ID, d.deliveryId.toString())
                .setAttribute(SUBSCRIPTION_ID, String.valueOf(d.subscriptionId))
                .setAttribute(ALERT_ID, String.valueOf(d.alertId))
                .setAttribute(ATTEMPT, (long) d.attempts + 1)
                .setAttribute(SERVER, host)
                .startSpan();
        Map<String, String> headers = new HashMap<>();
        if (span.getSpanContext().isValid()) {
            propagator.inject(parent.with(span), headers, Map::put);
        } else if (d.traceparent != null) {
            headers.put("traceparent", d.traceparent);
        }
        return new Traced(span, headers);
    }

    /** A started attempt span and the headers that carry it. */
    public record Traced(Span span, Map<String, String> headers) {

        public void ended(Integer httpStatus, String error) {
            if (httpStatus != null) {
                span.setAttribute(STATUS, (long) httpStatus);
            }
            if (error != null) {
                span.setStatus(StatusCode.ERROR, error);
            }
            span.end();
        }
    }
}
