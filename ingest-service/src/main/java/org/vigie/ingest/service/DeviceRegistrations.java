package org.vigie.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.vigie.contracts.api.Problem;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.http.Caller;
import org.vigie.contracts.http.ProblemException;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;
import org.vigie.ingest.config.IngestConfig;
import org.vigie.ingest.domain.ContractFindings;
import org.vigie.ingest.domain.DirectIdentifierGuard;
import org.vigie.ingest.domain.IdentifierViolation;
import org.vigie.ingest.domain.RegistrationRules;
import org.vigie.ingest.messaging.TelemetryPublisher;
import org.vigie.ingest.store.DeviceRegistry;
import org.vigie.ingest.store.DeviceVersion;

/**
 * Registers devices and model versions: validated against the contract and the domain rules, stored (every
 * version kept), then published on the compacted registration topic, one key per device and version (so that
 * compaction keeps every version) in the device's partition.
 *
 * <p>Stored first, published second: if Kafka then fails the manufacturer gets a 503 and sends the same
 * registration again, which is recognised as a retry (same content) and published again. A version is
 * immutable: the same version with other content is a 409; a change is a new model version.
 */
@ApplicationScoped
public class DeviceRegistrations {

    private static final Logger LOG = Logger.getLogger(DeviceRegistrations.class);
    private static final ObjectMapper MAPPER = VigieJson.mapper();

    private final DeviceRegistry registry;
    private final TelemetryPublisher publisher;
    private final RegistrationRules rules = new RegistrationRules();
    private final DirectIdentifierGuard guard;
    private final int retryAfterSeconds;

    public DeviceRegistrations(DeviceRegistry registry, TelemetryPublisher publisher, IngestConfig config) {
        this.registry = registry;
        this.publisher = publisher;
        this.guard = new DirectIdentifierGuard(config.maxTextLength());
        this.retryAfterSeconds = config.retryAfterSeconds();
    }

    /** The registration stored and whether it is new. */
    public record Outcome(DeviceRegistration registration, boolean created) {
    }

    @WithSpan("vigie.ingest.register")
    public Uni<Outcome> register(Caller caller, JsonNode body) {
        DeviceRegistration registration = validate(caller, body);
        String document = write(registration);
        return registry.register(registration, document, DeviceRegistrations::sameContent).chain(registered -> {
            switch (registered.result()) {
                case DEVICE_ID_TAKEN:
                    throw ProblemException.conflict("This deviceId is not available; choose another one.");
                case VERSION_CONFLICT:
                    throw ProblemException.conflict("This model version is already registered with other content;"
                            + " a registered version never changes: register a new modelVersion.");
                default:
                    DeviceRegistration stored = read(registered.version());
                    return publish(stored).replaceWith(
                            new Outcome(stored, registered.result() == DeviceRegistry.Result.CREATED));
            }
        });
    }

    private DeviceRegistration validate(Caller caller, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("invalid-registration", "The body must be a DeviceRegistration object.", List.of());
        }
        List<ContractSchemas.SchemaViolation> violations = ContractSchemas.instance()
                .validate(EventContract.DEVICE_REGISTRATION, body);
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest("invalid-registration", "The registration does not match its contract.",
                    violations.stream().map(v -> new Problem.FieldError(v.pointer(), ContractFindings.describe(v))).toList());
        }
        // A registration is about a device, not a patient, and the contract has fields called "name"
        // (deviceName, inputFeatures[].name): only the guard's value rules apply here, never its field-name rule.
        List<Problem.FieldError> identifiers = new ArrayList<>();
        for (IdentifierViolation v : guard.inspect(body)) {
            if (v.rule() != IdentifierViolation.Rule.FORBIDDEN_FIELD_NAME) {
                identifiers.add(new Problem.FieldError(v.pointer(), v.message()));
            }
        }
        if (!identifiers.isEmpty()) {
            throw ProblemException.badRequest("direct-identifier", "The registration carries personal data.", identifiers);
        }
        ObjectNode stamped = ((ObjectNode) body.deepCopy()).put("registeredAt",
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        DeviceRegistration registration;
        try {
            registration = MAPPER.treeToValue(stamped, DeviceRegistration.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-registration", "The registration could not be read.", List.of());
        }
        if (!caller.actsFor(registration.manufacturerId())) {
            throw ProblemException.forbidden("You may register devices of your own manufacturer only.");
        }
        List<RegistrationRules.Finding> findings = rules.check(registration);
        if (!findings.isEmpty()) {
            throw ProblemException.badRequest("invalid-registration", "The registration breaks a registration rule.",
                    findings.stream().map(f -> new Problem.FieldError(f.pointer(), f.detail())).toList());
        }
        return registration;
    }

    private Uni<Void> publish(DeviceRegistration registration) {
        return Uni.createFrom().completionStage(() -> publisher.sendAll(List.of(new TelemetryPublisher.Registration(registration))))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(Duration.ofSeconds(30)).fail()
                .onFailure().transform(e -> {
                    LOG.warnf("registration of %s stored but not published: %s", registration.deviceId(),
                            e.getClass().getSimpleName());
                    return ProblemException.unavailable("The registration is stored but could not be published;"
                            + " send it again later (the same registration is accepted again).", retryAfterSeconds);
                });
    }

    public static DeviceRegistration read(DeviceVersion version) {
        try {
            return MAPPER.readValue(version.registration, DeviceRegistration.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored registration unreadable: " + version.deviceId, e);
        }
    }

    private static String write(DeviceRegistration registration) {
        try {
            return MAPPER.writeValueAsString(registration);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Same registration, whatever the time it was sent. */
    static boolean sameContent(String stored, String incoming) {
        try {
            ObjectNode a = (ObjectNode) MAPPER.readTree(stored);
            ObjectNode b = (ObjectNode) MAPPER.readTree(incoming);
            a.remove("registeredAt");
            b.remove("registeredAt");
            return a.equals(b);
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
