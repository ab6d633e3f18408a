package org.vigie.ingest.domain;

import java.util.List;
import org.vigie.contracts.json.ContractSchemas.SchemaViolation;

/**
 * Schema violations told in words that never quote the input. A validator's own message may repeat the
 * offending value ("'jean.dupont@…' does not match …"), and that value may be personal data; so the detail
 * is built from the keyword that failed and the pointer alone.
 */
public final class ContractFindings {

    private ContractFindings() {
    }

    public static String describe(SchemaViolation violation) {
        String what = switch (violation.keyword()) {
            case "required" -> "is required";
            case "additionalProperties", "unevaluatedProperties" -> "is not a field of this event";
            case "type" -> "has the wrong type";
            case "const" -> "does not have the value this event requires";
            case "enum" -> "is not one of the allowed values";
            case "pattern" -> "does not have the expected format";
            case "format" -> "is not a valid date-time or formatted value";
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> "is out of the allowed range";
            case "minLength", "maxLength" -> "has a length outside the allowed range";
            case "minItems", "maxItems" -> "has a number of items outside the allowed range";
            case "minProperties", "maxProperties" -> "has a number of fields outside the allowed range";
            case "uniqueItems" -> "repeats an item";
            case "propertyNames" -> "has a field name that is not allowed";
            case "oneOf", "anyOf", "allOf", "not" -> "does not match any allowed shape";
            default -> "violates the contract (" + violation.keyword() + ")";
        };
        String where = violation.pointer().equals("/") ? "the event" : violation.pointer();
        return where + " " + what + ".";
    }

    /** The first violation, and how many more there are. */
    public static String summarise(List<SchemaViolation> violations) {
        String first = describe(violations.get(0));
        int more = violations.size() - 1;
        return more == 0 ? first : first + " (" + more + " more violation" + (more == 1 ? "" : "s") + ")";
    }
}
