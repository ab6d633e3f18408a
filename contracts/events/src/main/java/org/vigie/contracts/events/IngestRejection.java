package org.vigie.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An item of a telemetry post that ingest refused, with its reason: the dead letter of the ingest edge, so a
 * manufacturer can see what its devices send wrong and fix them.
 *
 * <p>Keyed by the deviceId of the token that posted it (not the deviceId the item claims, which may be
 * anything). {@code index} is the item's position in its post; {@code rule}, {@code title}, {@code detail} and
 * {@code pointer} are those of the per-item answer, which never quote a refused value.
 *
 * <h2>No personal data, by construction</h2>
 * {@code event} is the refused item itself, and it is present only when the privacy guard inspected the whole
 * item and found nothing in it (the guard runs first, so every refusal after it — contract, time window,
 * unregistered device — is of an item as clean as an accepted one). When the guard found a direct identifier
 * ({@link #PRIVACY_RULES}), or the item was not a JSON object the guard could walk, the item is withheld
 * entirely: not redacted, withheld. Redacting would keep everything the guard did <em>not</em> flag in an item
 * already known to leak identifiers (a name next to a flagged NIR, say), so the only safe copy is none; the
 * rule and pointer say what to fix. The JSON Schema enforces it: a privacy rejection with an {@code event} is
 * invalid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestRejection(
        int schemaVersion,
        UUID rejectionId,
        UUID eventId,
        String deviceId,
        String manufacturerId,
        String type,
        int index,
        String rule,
        String title,
        String detail,
        String pointer,
        Instant receivedAt,
        ObjectNode event) implements VigieEvent {

    /** The privacy guard's rules: a rejection under one of them never carries the item. */
    public static final Set<String> PRIVACY_RULES = Set.of(
            "forbidden-field-name", "nir", "email", "phone", "date-of-birth", "text-too-long");

    /** The longest pointer kept (a hostile item may nest long keys); a longer one is cut and ends with "…". */
    public static final int MAX_POINTER_LENGTH = 1024;

    public IngestRejection {
        if (rule != null && PRIVACY_RULES.contains(rule) && event != null) {
            throw new IllegalArgumentException("a privacy rejection never carries the refused item");
        }
    }

    public static boolean isPrivacyRule(String rule) {
        return rule != null && PRIVACY_RULES.contains(rule);
    }
}
