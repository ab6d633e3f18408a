package org.vigie.drift.stream;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.vigie.contracts.json.JsonSerde;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.Topics;
import org.vigie.drift.domain.DriftSettings;
import org.vigie.drift.domain.SeriesFigures;

/**
 * The drift service's Kafka Streams topology:
 *
 * <pre>
 * registrations ──repartition(#partitions of telemetry)──┐
 * inferences ────────────────────────────────────────────┤
 * outcomes ──────────────────────────────────────────────┼─ merge ─▶ DeviceMonitor ─▶ drift signals
 * usages ────────────────────────────────────────────────┘            │ (keyed by deviceId)
 *                                   logged stores: registrations, devices, series, panes, pending,
 *                                   baselines, inference join (+ expiry index), detectors, conditions, figures,
 *                                   telemetry awaiting its registration
 * </pre>
 *
 * Telemetry is keyed by deviceId; the registrations (keyed by device and version) are re-keyed by deviceId and
 * repartitioned to the telemetry's partition count so that one task owns a device's registrations and its
 * detectors. Store names are the constants below; topics come only from {@link Topics}.
 */
public final class DriftTopology {

    public static final String REGISTRATIONS_STORE = "drift-registrations";
    public static final String DEVICES_STORE = "drift-devices";
    public static final String SERIES_STORE = "drift-series";
    public static final String PANES_STORE = "drift-panes";
    public static final String PENDING_STORE = "drift-pending";
    public static final String BASELINES_STORE = "drift-baselines";
    public static final String JOIN_STORE = "drift-inference-join";
    public static final String JOIN_EXPIRY_STORE = "drift-inference-join-expiry";
    public static final String DETECTORS_STORE = "drift-detectors";
    public static final String CONDITIONS_STORE = "drift-conditions";
    public static final String FIGURES_STORE = "drift-figures";
    /** Telemetry that reached the monitor before its version's registration, kept until it comes (see DeviceMonitor). */
    public static final String AWAITING_REGISTRATION_STORE = "drift-awaiting-registration";
    static final String REGISTRATIONS_REPARTITION = "drift-registrations-by-device";
    static final String MONITOR = "drift-device-monitor";

    static final JsonSerde<DeviceVersions> DEVICE_VERSIONS = new JsonSerde<>(DeviceVersions.class);
    static final JsonSerde<SeriesFigures> SERIES_FIGURES = new JsonSerde<>(SeriesFigures.class);

    private DriftTopology() {
    }

    /** The production topology: RocksDB stores with changelogs. */
    public static void build(StreamsBuilder builder, DriftSettings settings, DriftTelemetry telemetry) {
        build(builder, settings, telemetry, true);
    }

    /**
     * @param persistent RocksDB stores (production) or in-memory ones; both are logged to changelogs. In-memory
     *                   stores suit the TopologyTestDriver, which commits (and so flushes RocksDB) after every record.
     */
    public static void build(StreamsBuilder builder, DriftSettings settings, DriftTelemetry telemetry, boolean persistent) {
        java.util.function.Function<String, KeyValueBytesStoreSupplier> kv = persistent
                ? Stores::persistentKeyValueStore : Stores::inMemoryKeyValueStore;
        builder.addStateStore(store(kv.apply(REGISTRATIONS_STORE), Serdes.String(),
                Topics.DEVICE_REGISTRATIONS.valueSerde(), false));
        builder.addStateStore(store(kv.apply(DEVICES_STORE), Serdes.String(), DEVICE_VERSIONS, false));
        builder.addStateStore(store(kv.apply(SERIES_STORE), Serdes.String(), Serdes.ByteArray(), true));
        builder.addStateStore(store(kv.apply(PANES_STORE), Serdes.String(), Serdes.ByteArray(), true));
        // Small and short-lived (at most pendingBatch records per open pane): in memory, restored from its changelog.
        // Cached: the appends to a pane's current chunk coalesce, so a commit logs each touched chunk once.
        builder.addStateStore(store(Stores.inMemoryKeyValueStore(PENDING_STORE), Serdes.String(), Serdes.ByteArray(), true));
        builder.addStateStore(store(kv.apply(BASELINES_STORE), Serdes.String(), Serdes.ByteArray(), true));
        builder.addStateStore(store(kv.apply(JOIN_STORE), Serdes.String(), Serdes.ByteArray(), false));
        // Cached: the appends to a time bucket's chunk of event ids coalesce, so a commit logs each touched chunk once.
        builder.addStateStore(store(kv.apply(JOIN_EXPIRY_STORE), Serdes.String(), Serdes.ByteArray(), true));
        builder.addStateStore(store(kv.apply(DETECTORS_STORE), Serdes.String(), Serdes.ByteArray(), true));
        builder.addStateStore(store(kv.apply(CONDITIONS_STORE), Serdes.String(), Serdes.ByteArray(), true));
        builder.addStateStore(store(kv.apply(FIGURES_STORE), Serdes.String(), SERIES_FIGURES, true));
        builder.addStateStore(store(kv.apply(AWAITING_REGISTRATION_STORE), Serdes.String(), Serdes.ByteArray(), false));

        // Registrations are keyed by device and version (Topics.registrationKey): re-keyed by device, and repartitioned
        // like the telemetry, so that the task owning a device's telemetry receives its registrations.
        KStream<String, DeviceInput> registrations = source(builder, Topics.DEVICE_REGISTRATIONS, EventTimestamps.REGISTRATION)
                .filter((k, v) -> v != null && v.deviceId() != null)
                .selectKey((k, v) -> v.deviceId())
                .repartition(Repartitioned.with(Topics.DEVICE_REGISTRATIONS.keySerde(), Topics.DEVICE_REGISTRATIONS.valueSerde())
                        .withName(REGISTRATIONS_REPARTITION)
                        .withNumberOfPartitions(Topics.INFERENCES.partitions()))
                .mapValues(DeviceInput::of);
        // The busiest topic: read by a streaming decoder that gives the contracts' serde's result (or defers to it).
        KStream<String, DeviceInput> inferences = builder.stream(Topics.INFERENCES.name(),
                        Consumed.with(Topics.INFERENCES.keySerde(), InferenceReader.serde()).withTimestampExtractor(EventTimestamps.INFERENCE))
                .filter((k, v) -> v != null).mapValues(DeviceInput::of);
        KStream<String, DeviceInput> outcomes = source(builder, Topics.OUTCOMES, EventTimestamps.OUTCOME)
                .filter((k, v) -> v != null).mapValues(DeviceInput::of);
        KStream<String, DeviceInput> usages = source(builder, Topics.USAGES, EventTimestamps.USAGE)
                .filter((k, v) -> v != null).mapValues(DeviceInput::of);

        registrations.merge(inferences).merge(outcomes).merge(usages)
                .process(() -> new DeviceMonitor(settings, telemetry), org.apache.kafka.streams.kstream.Named.as(MONITOR),
                        REGISTRATIONS_STORE, DEVICES_STORE, SERIES_STORE, PANES_STORE, PENDING_STORE, BASELINES_STORE,
                        JOIN_STORE, JOIN_EXPIRY_STORE, DETECTORS_STORE, CONDITIONS_STORE, FIGURES_STORE,
                        AWAITING_REGISTRATION_STORE)
                .to(Topics.DRIFT_SIGNALS.name(), Produced.with(Topics.DRIFT_SIGNALS.keySerde(), Topics.DRIFT_SIGNALS.valueSerde()));
    }

    private static <V> KStream<String, V> source(StreamsBuilder builder, Topic<String, V> topic, TimestampExtractor time) {
        return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()).withTimestampExtractor(time));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(KeyValueBytesStoreSupplier supplier, Serde<String> keys,
                                                                    Serde<V> values, boolean cached) {
        StoreBuilder<KeyValueStore<String, V>> b = Stores.keyValueStoreBuilder(supplier, keys, values).withLoggingEnabled(java.util.Map.of());
        return cached ? b.withCachingEnabled() : b.withCachingDisabled();
    }
}
