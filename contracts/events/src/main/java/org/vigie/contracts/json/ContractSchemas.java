package org.vigie.contracts.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Validates documents against the contracts' JSON Schemas (draft 2020-12). Schemas are loaded once from
 * the classpath; validation is thread-safe. Each violation names the offending field by JSON pointer.
 */
public final class ContractSchemas {

    private static final ContractSchemas INSTANCE = new ContractSchemas();

    private final Map<EventContract, JsonSchema> schemas = new EnumMap<>(EventContract.class);
    private final Map<EventContract, FastSchema> fast = new EnumMap<>(EventContract.class);
    private final Map<EventContract, StreamingSchema> streaming = new EnumMap<>(EventContract.class);

    private ContractSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(m -> m.mapPrefix("https://vigie.org/contracts/schemas/",
                        "classpath:" + EventContract.SCHEMA_ROOT)));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(com.networknt.schema.PathType.JSON_POINTER)
                .formatAssertionsEnabled(true)
                .build();
        for (EventContract contract : EventContract.values()) {
            schemas.put(contract, factory.getSchema(
                    SchemaLocation.of("classpath:" + contract.schemaResource()), config));
            String file = contract.schemaResource().substring(EventContract.SCHEMA_ROOT.length());
            fast.put(contract, FastSchema.compile(VigieJson.mapper(), EventContract.SCHEMA_ROOT, file));
            streaming.put(contract, StreamingSchema.compile(VigieJson.mapper(), EventContract.SCHEMA_ROOT, file));
        }
    }

    public static ContractSchemas instance() {
        return INSTANCE;
    }

    /**
     * The violations of a document, ordered by pointer; empty when it is valid. A valid document — the common
     * case on the ingest path — is recognised first by the schema compiled into plain checks ({@link FastSchema},
     * which only ever says "surely valid"), then by the general validator's boolean pass that stops at the first
     * failure and builds no messages; only a document both leave in doubt is walked again for its violations.
     */
    public List<SchemaViolation> validate(EventContract contract, JsonNode document) {
        if (fast.get(contract).surelyValid(document)) {
            return List.of();
        }
        JsonSchema schema = schemas.get(contract);
        if (schema.validate(document, OutputFormat.BOOLEAN)) {
            return List.of();
        }
        return schema.validate(document).stream()
                .map(ContractSchemas::toViolation)
                .sorted(Comparator.comparing(SchemaViolation::pointer).thenComparing(SchemaViolation::message))
                .toList();
    }

    /**
     * The contract's schema compiled for a token stream ({@link StreamingSchema}): recognises a surely valid document
     * while it is parsed, without its tree; anything it is not sure of is for {@link #validate} on the tree.
     */
    public StreamingSchema streaming(EventContract contract) {
        return streaming.get(contract);
    }

    private static SchemaViolation toViolation(ValidationMessage message) {
        String pointer = message.getInstanceLocation().toString();
        // For a missing or unexpected property, point at the property itself, not its parent object.
        if (message.getProperty() != null && ("required".equals(message.getType())
                || "additionalProperties".equals(message.getType()))) {
            pointer = (pointer.equals("/") || pointer.isEmpty() ? "" : pointer) + "/" + message.getProperty();
        }
        if (pointer.isEmpty()) {
            pointer = "/";
        }
        return new SchemaViolation(pointer, message.getType(), message.getMessage());
    }

    /** Whether the general validator (networknt), without the compiled fast path, finds the document valid. */
    boolean generalValidatorAccepts(EventContract contract, JsonNode document) {
        return schemas.get(contract).validate(document, OutputFormat.BOOLEAN);
    }

    /** Whether the compiled fast path accepts the document. */
    boolean fastPathAccepts(EventContract contract, JsonNode document) {
        return fast.get(contract).surelyValid(document);
    }

    /** One schema violation: the JSON pointer of the field, the keyword that failed, a readable message. */
    public record SchemaViolation(String pointer, String keyword, String message) {
    }
}
