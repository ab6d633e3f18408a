package org.vigie.drift.config;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Locale;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.vigie.contracts.events.SignalKind;
import org.vigie.drift.stream.DriftTelemetry;
import org.vigie.drift.stream.DriftTopology;

/** Wires the topology into Quarkus' Kafka Streams: configuration in, metrics out; the topology itself is plain. */
@ApplicationScoped
public class TopologyProducer {

    private final DriftConfig config;
    private final MeterRegistry registry;

    public TopologyProducer(DriftConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Produces
    public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        DriftTopology.build(builder, config.toSettings(), new MicrometerTelemetry(registry));
        return builder.build();
    }

    record MicrometerTelemetry(MeterRegistry registry) implements DriftTelemetry {

        @Override
        public void signal(SignalKind kind) {
            registry.counter("vigie_drift_signals_total", "kind", kind.name().toLowerCase(Locale.ROOT)).increment();
        }

        @Override
        public void dropped(String reason) {
            registry.counter("vigie_drift_inputs_dropped_total", "reason", reason).increment();
        }

        @Override
        public void windowJudged(String part) {
            registry.counter("vigie_drift_windows_judged_total", "part", part).increment();
        }
    }
}
