package org.vigie.contracts.json;

import java.util.Arrays;
import java.util.Optional;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.events.AlertDelivery;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.IngestRejection;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;

/**
 * Each event of the contracts with its JSON Schema and its examples, found on the classpath under
 * {@code org/vigie/contracts/schemas/<name>.schema.json} and {@code org/vigie/contracts/examples/<name>/}.
 */
public enum EventContract {
    DEVICE_REGISTRATION("device-registration", DeviceRegistration.class),
    INFERENCE("inference", InferenceEvent.class),
    OUTCOME("outcome", OutcomeEvent.class),
    USAGE("usage", UsageEvent.class),
    FEEDBACK("feedback", FeedbackEvent.class),
    DRIFT_SIGNAL("drift-signal", DriftSignal.class),
    ALERT("alert", Alert.class),
    ALERT_DELIVERY("alert-delivery", AlertDelivery.class),
    INGEST_REJECTION("ingest-rejection", IngestRejection.class);

    public static final String SCHEMA_ROOT = "org/vigie/contracts/schemas/";
    public static final String EXAMPLE_ROOT = "org/vigie/contracts/examples/";

    private final String contractName;
    private final Class<?> recordType;

    EventContract(String contractName, Class<?> recordType) {
        this.contractName = contractName;
        this.recordType = recordType;
    }

    /** The name used in file names and, for device events, the {@code type} discriminator. */
    public String contractName() {
        return contractName;
    }

    public Class<?> recordType() {
        return recordType;
    }

    public String schemaResource() {
        return SCHEMA_ROOT + contractName + ".schema.json";
    }

    public String exampleFolder() {
        return EXAMPLE_ROOT + contractName + "/";
    }

    /** The device event contract for a batch item's {@code type}, if it is one. */
    public static Optional<EventContract> forDeviceEventType(String type) {
        return Arrays.stream(new EventContract[] {INFERENCE, OUTCOME, USAGE, FEEDBACK})
                .filter(c -> c.contractName.equals(type))
                .findFirst();
    }
}
