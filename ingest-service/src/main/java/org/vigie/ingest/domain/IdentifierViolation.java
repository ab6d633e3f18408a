package org.vigie.ingest.domain;

import java.util.Objects;

/**
 * A direct identifier found in an event: which rule, and where (RFC 6901 JSON pointer) — never
 * the value. When the identifier is a field <em>name</em> (a key that is itself an e-mail, say),
 * the pointer designates the object holding it, so that the key is not echoed either.
 */
public record IdentifierViolation(Rule rule, String pointer, boolean inFieldName) {

    public enum Rule {
        FORBIDDEN_FIELD_NAME("a field name reserved for direct patient identifiers"),
        NIR("a French social-security number (NIR)"),
        EMAIL("an e-mail address"),
        PHONE("a phone number"),
        DATE_OF_BIRTH("a date of birth"),
        TEXT_TOO_LONG("free text longer than the allowed length");

        private final String description;

        Rule(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** The rule's name as reported to the device, e.g. {@code nir}, {@code forbidden-field-name}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public IdentifierViolation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(pointer, "pointer");
    }

    /** Text for the per-item rejection: names the rule and the pointer, nothing else. */
    public String message() {
        String where = pointer.isEmpty() ? "the event" : pointer;
        return (inFieldName ? "a field name in " : "") + where + " holds " + rule.description()
                + " (rule " + rule.code() + "); direct identifiers may not enter the platform";
    }
}
