package org.vigie.alert.domain.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One text for one value, so that a hash over it can be recomputed by anyone: object keys sorted by UTF-16 code
 * units, no whitespace, strings escaped minimally (after RFC 8785, JSON Canonicalization Scheme).
 *
 * <p>Numbers deviate from RFC 8785 on purpose: integers are written as integers and decimals in plain notation
 * with trailing zeros removed (BigDecimal), instead of ECMAScript double formatting, which would need a port of
 * the shortest-round-trip algorithm. Audit payloads carry ids, states and counts; a verifier in another
 * language must use the same rule for decimals. NaN and infinities are refused, as in JSON.
 *
 * <p>Accepted values: null, Boolean, String (and any CharSequence), Number, Enum (its name), UUID, Instant and
 * LocalDate (ISO-8601), Map with String keys, Collection and Object[]. Anything else is refused rather than
 * written through toString, which could change between versions and silently break the chain.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof CharSequence s) {
            string(s.toString(), out);
        } else if (value instanceof Enum<?> e) {
            string(e.name(), out);
        } else if (value instanceof UUID || value instanceof Instant || value instanceof LocalDate) {
            string(value.toString(), out);
        } else if (value instanceof Number n) {
            number(n, out);
        } else if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, got " + entry.getKey());
                }
                sorted.put(key, entry.getValue());
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> entry : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(entry.getKey(), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Collection<?> items) {
            array(items.toArray(), out);
        } else if (value instanceof Object[] items) {
            array(items, out);
        } else {
            throw new IllegalArgumentException("no canonical JSON form for " + value.getClass().getName());
        }
    }

    private static void array(Object[] items, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            write(items[i], out);
        }
        out.append(']');
    }

    private static void number(Number n, StringBuilder out) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger) {
            out.append(n);
            return;
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no NaN or infinity");
            }
        }
        BigDecimal decimal = n instanceof BigDecimal bd ? bd : new BigDecimal(n.toString());
        decimal = decimal.stripTrailingZeros();
        out.append(decimal.signum() == 0 ? "0" : decimal.toPlainString());
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
