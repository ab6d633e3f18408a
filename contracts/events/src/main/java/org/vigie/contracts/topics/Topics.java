package org.vigie.contracts.topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.events.AlertDelivery;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.IngestRejection;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.json.JsonSerde;

/**
 * Every Vigie topic. Device telemetry is keyed by deviceId, so one partition owns a device and its order
 * is kept; partitions are the unit of parallelism of the drift service.
 */
public final class Topics {

    private static final int TELEMETRY_PARTITIONS = 6;
    private static final Duration TELEMETRY_RETENTION = Duration.ofDays(35);
    private static final Serde<String> STRING = Serdes.String();
    private static final Serde<UUID> UUID_SERDE = Serdes.UUID();

    public static final Topic<String, DeviceRegistration> DEVICE_REGISTRATIONS = new Topic<>(
            "device-registrations", "vigie.device-registration.v1", String.class, DeviceRegistration.class,
            STRING, new JsonSerde<>(DeviceRegistration.class), 3, Topic.CleanupPolicy.COMPACT, null,
            "Devices and model versions with their claims and references; compacted, keyed by deviceId/modelVersion"
                    + " in the device's partition (registrationKey, registrationPartition).");

    public static final Topic<String, InferenceEvent> INFERENCES = new Topic<>(
            "inferences", "vigie.inference.v1", String.class, InferenceEvent.class,
            STRING, new JsonSerde<>(InferenceEvent.class), TELEMETRY_PARTITIONS, Topic.CleanupPolicy.DELETE,
            TELEMETRY_RETENTION, "Predictions made by devices; keyed by deviceId.");

    public static final Topic<String, OutcomeEvent> OUTCOMES = new Topic<>(
            "outcomes", "vigie.outcome.v1", String.class, OutcomeEvent.class,
            STRING, new JsonSerde<>(OutcomeEvent.class), TELEMETRY_PARTITIONS, Topic.CleanupPolicy.DELETE,
            TELEMETRY_RETENTION, "Ground truth for earlier inferences; keyed by deviceId.");

    public static final Topic<String, UsageEvent> USAGES = new Topic<>(
            "usages", "vigie.usage.v1", String.class, UsageEvent.class,
            STRING, new JsonSerde<>(UsageEvent.class), TELEMETRY_PARTITIONS, Topic.CleanupPolicy.DELETE,
            TELEMETRY_RETENTION, "What clinicians did with AI outputs; keyed by deviceId.");

    public static final Topic<String, FeedbackEvent> FEEDBACK = new Topic<>(
            "feedback", "vigie.feedback.v1", String.class, FeedbackEvent.class,
            STRING, new JsonSerde<>(FeedbackEvent.class), 3, Topic.CleanupPolicy.DELETE,
            Duration.ofDays(3650), "Field reports from professionals and patients; keyed by deviceId.");

    public static final Topic<String, DriftSignal> DRIFT_SIGNALS = new Topic<>(
            "drift-signals", "vigie.drift-signal.v1", String.class, DriftSignal.class,
            STRING, new JsonSerde<>(DriftSignal.class), 3, Topic.CleanupPolicy.DELETE,
            Duration.ofDays(3650), "Drift, performance and bias findings with their evidence; keyed by deviceId.");

    public static final Topic<UUID, Alert> ALERTS = new Topic<>(
            "alerts", "vigie.alert.v1", UUID.class, Alert.class,
            UUID_SERDE, new JsonSerde<>(Alert.class), 3, Topic.CleanupPolicy.COMPACT, null,
            "The latest revision of every alert; compacted, keyed by alertId.");

    public static final Topic<UUID, AlertDelivery> ALERT_DELIVERIES = new Topic<>(
            "alert-deliveries", "vigie.alert-delivery.v1", UUID.class, AlertDelivery.class,
            UUID_SERDE, new JsonSerde<>(AlertDelivery.class), 3, Topic.CleanupPolicy.DELETE,
            Duration.ofDays(365), "Webhook delivery outcomes; keyed by subscriptionId.");

    /**
     * The dead letters of the ingest edge: refused telemetry items with their reason, never with personal data
     * (see {@link IngestRejection}). Kept as long as the telemetry itself: a manufacturer has that long to see
     * what its devices sent wrong.
     */
    public static final Topic<String, IngestRejection> INGEST_REJECTIONS = new Topic<>(
            "ingest-rejections", "vigie.ingest-rejection.v1", String.class, IngestRejection.class,
            STRING, new JsonSerde<>(IngestRejection.class), 3, Topic.CleanupPolicy.DELETE,
            TELEMETRY_RETENTION, "Telemetry items refused by ingest, with their reason and without personal data; keyed by deviceId.");

    public static final List<Topic<?, ?>> ALL = List.of(DEVICE_REGISTRATIONS, INFERENCES, OUTCOMES, USAGES,
            FEEDBACK, DRIFT_SIGNALS, ALERTS, ALERT_DELIVERIES, INGEST_REJECTIONS);

    private Topics() {
    }

    /**
     * The key of a registration on {@link #DEVICE_REGISTRATIONS}: {@code deviceId/modelVersion} ('/' is in neither
     * identifier's alphabet). The topic is compacted, and a new model version is a new registration while the earlier
     * ones stay in use: keyed by deviceId alone, compaction kept only each device's latest version, and a consumer
     * reading the topic from the start (a new observatory, a reset drift application) never learnt the others.
     */
    public static String registrationKey(DeviceRegistration registration) {
        return registration.deviceId() + "/" + registration.modelVersion();
    }

    /**
     * The partition of a device's registrations: the one a record keyed by the deviceId alone gets from Kafka's
     * partitioner (murmur2 of the key's bytes), so every version of a device stays in one partition, in order, and
     * where the registrations keyed by deviceId before {@link #registrationKey} already are.
     */
    public static int registrationPartition(String deviceId) {
        return Utils.toPositive(Utils.murmur2(deviceId.getBytes(StandardCharsets.UTF_8))) % DEVICE_REGISTRATIONS.partitions();
    }
}
