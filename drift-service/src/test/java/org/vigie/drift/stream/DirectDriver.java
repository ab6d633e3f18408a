package org.vigie.drift.stream;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.topics.Topics;
import org.vigie.drift.domain.DriftSettings;

/**
 * The device monitor alone, in Kafka's MockProcessorContext with in-memory stores: no serialization, no
 * per-record commit. For volumes the TopologyTestDriver cannot push in a test's time (10^6 events) and for
 * the processor's own throughput. Stream time and its punctuation are advanced here exactly as a task does:
 * stream time is the largest timestamp seen, and the punctuator runs when it crosses the next interval.
 */
final class DirectDriver {

    private final DriftSettings settings;
    private final DriftTelemetry telemetry;
    private MockProcessorContext<String, DriftSignal> context = new MockProcessorContext<>();
    private DeviceMonitor monitor;
    private final List<KeyValueStore<String, ?>> stores = new ArrayList<>();
    private final long interval;
    private long streamTime = -1;
    private long nextPunctuation = -1;
    private final List<DriftSignal> signals = new ArrayList<>();

    DirectDriver(DriftSettings settings) {
        this(settings, DriftTelemetry.NONE);
    }

    DirectDriver(DriftSettings settings, DriftTelemetry telemetry) {
        this.settings = settings;
        this.telemetry = telemetry;
        monitor = new DeviceMonitor(settings, telemetry);
        interval = settings.evaluationInterval().toMillis();
        addStore(DriftTopology.REGISTRATIONS_STORE, Topics.DEVICE_REGISTRATIONS.valueSerde());
        addStore(DriftTopology.DEVICES_STORE, DriftTopology.DEVICE_VERSIONS);
        for (String name : List.of(DriftTopology.SERIES_STORE, DriftTopology.PANES_STORE, DriftTopology.PENDING_STORE,
                DriftTopology.BASELINES_STORE, DriftTopology.JOIN_STORE, DriftTopology.JOIN_EXPIRY_STORE,
                DriftTopology.DETECTORS_STORE, DriftTopology.CONDITIONS_STORE)) {
            addStore(name, Serdes.ByteArray());
        }
        addStore(DriftTopology.FIGURES_STORE, DriftTopology.SERIES_FIGURES);
        addStore(DriftTopology.AWAITING_REGISTRATION_STORE, Serdes.ByteArray());
        monitor.init(context);
    }

    private <V> void addStore(String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        stores.add(store);
    }

    /**
     * A new monitor in a new context on the same stores, as after a crash right after a commit: the stores hold
     * what the changelogs would restore, and nothing of the old instance's fields survives.
     */
    void restart() {
        context = new MockProcessorContext<>();
        stores.forEach(context::addStateStore);
        context.setCurrentStreamTimeMs(Math.max(0, streamTime));
        monitor = new DeviceMonitor(settings, telemetry);
        monitor.init(context);
    }

    void register(DeviceRegistration r) {
        process(r.deviceId(), DeviceInput.of(r), 0);
    }

    void infer(InferenceEvent e) {
        process(e.deviceId(), DeviceInput.of(e), e.occurredAt().toEpochMilli());
    }

    void label(OutcomeEvent o) {
        process(o.deviceId(), DeviceInput.of(o), o.observedAt().toEpochMilli());
    }

    void use(UsageEvent u) {
        process(u.deviceId(), DeviceInput.of(u), u.occurredAt().toEpochMilli());
    }

    private void process(String key, DeviceInput input, long timestamp) {
        if (timestamp > streamTime) {
            streamTime = timestamp;
            context.setCurrentStreamTimeMs(streamTime);
        }
        monitor.process(new Record<>(key, input, timestamp));
        collect();
        if (nextPunctuation < 0) {
            nextPunctuation = streamTime;
        }
        if (streamTime >= nextPunctuation) {
            context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(streamTime));
            nextPunctuation = streamTime + interval;
            collect();
        }
    }

    private void collect() {
        if (!context.forwarded().isEmpty()) {
            context.forwarded().forEach(f -> signals.add(f.record().value()));
            context.resetForwards();
        }
    }

    List<DriftSignal> signals() {
        return signals;
    }

    <V> KeyValueStore<String, V> store(String name) {
        return context.getStateStore(name);
    }
}
