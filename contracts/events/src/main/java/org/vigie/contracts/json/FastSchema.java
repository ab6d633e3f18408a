package org.vigie.contracts.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A contract schema compiled into plain checks that recognise a valid document, the common case on the ingest
 * path, several times faster than the general validator. It only ever answers "surely valid": whatever it is not
 * sure of (a keyword it does not compile, a oneOf, a number written as 1.0 where an integer is required, an enum of
 * numbers, a date-time outside its strict RFC 3339 shape, a leap second) makes it answer false, and the caller then
 * asks the general validator (networknt), which stays the authority for every refusal and every message. So the
 * only property it must hold is: accepted here implies valid there — {@code FastSchemaTest} checks it on the
 * contracts' examples and on tens of thousands of mutations of them.
 *
 * <p>Covers the draft 2020-12 keywords the contracts use: type, const (of a string), enum (of strings and integers), pattern, minLength,
 * maxLength, minimum, maximum, required, properties, additionalProperties, propertyNames, maxProperties, items,
 * maxItems, uniqueItems (of strings), format date-time, anyOf, and $ref within and across the contract files.
 */
final class FastSchema {

    private static final Predicate<JsonNode> NEVER = n -> false;
    private static final Predicate<JsonNode> ALWAYS = n -> true;

    private final SchemaFiles<Predicate<JsonNode>> files;
    private final Predicate<JsonNode> check;

    private FastSchema(ObjectMapper mapper, String root, String file) {
        this.files = new SchemaFiles<>(mapper, root, NEVER, this::compile);
        this.check = files.compile(file);
    }

    /** Compiles {@code root + file} from the classpath; $refs resolve against files of the same folder. */
    static FastSchema compile(ObjectMapper mapper, String root, String file) {
        return new FastSchema(mapper, root, file);
    }

    /** True only when the document is surely valid against the schema. */
    boolean surelyValid(JsonNode document) {
        return check.test(document);
    }

    private Predicate<JsonNode> compile(JsonNode schema, String file) {
        if (schema.isBoolean()) {
            return schema.booleanValue() ? ALWAYS : NEVER;
        }
        if (!schema.isObject()) {
            return NEVER;
        }
        List<Predicate<JsonNode>> checks = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> keywords = schema.fields();
        while (keywords.hasNext()) {
            Map.Entry<String, JsonNode> keyword = keywords.next();
            String name = keyword.getKey();
            JsonNode value = keyword.getValue();
            if (SchemaFiles.ANNOTATIONS.contains(name)) {
                continue;
            }
            Predicate<JsonNode> check = switch (name) {
                case "type" -> type(value);
                case "const" -> value.isTextual() ? n -> n.isTextual() && n.textValue().equals(value.textValue()) : NEVER;
                case "enum" -> strings(value);
                case "pattern" -> pattern(value.asText());
                case "minLength" -> n -> !n.isTextual() || codePoints(n) >= value.asInt();
                case "maxLength" -> n -> !n.isTextual() || codePoints(n) <= value.asInt();
                case "minimum" -> bound(value, true);
                case "maximum" -> bound(value, false);
                case "required" -> required(value);
                case "properties", "additionalProperties" -> null; // compiled together below
                case "propertyNames" -> propertyNames(compile(value, file));
                case "maxProperties" -> n -> !n.isObject() || n.size() <= value.asInt();
                case "items" -> items(compile(value, file));
                case "maxItems" -> n -> !n.isArray() || n.size() <= value.asInt();
                case "uniqueItems" -> value.asBoolean() ? FastSchema::uniqueStrings : ALWAYS;
                case "format" -> "date-time".equals(value.asText()) ? FastSchema::dateTime : NEVER;
                case "anyOf" -> anyOf(value, file);
                case "$ref" -> files.ref(value.asText(), file);
                default -> NEVER; // a keyword not compiled here: the general validator decides
            };
            if (check == NEVER) {
                return NEVER;
            }
            if (check != null) {
                checks.add(check);
            }
        }
        if (schema.has("properties") || schema.has("additionalProperties")) {
            checks.add(properties(schema.path("properties"), schema.get("additionalProperties"), file));
        }
        Predicate<JsonNode>[] all = checks.toArray(Predicate[]::new);
        return n -> {
            for (Predicate<JsonNode> c : all) {
                if (!c.test(n)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Predicate<JsonNode> type(JsonNode value) {
        List<Predicate<JsonNode>> accepted = new ArrayList<>();
        for (JsonNode type : value.isArray() ? value : List.of(value)) {
            Predicate<JsonNode> one = switch (type.asText()) {
                case "object" -> JsonNode::isObject;
                case "array" -> JsonNode::isArray;
                case "string" -> JsonNode::isTextual;
                case "boolean" -> JsonNode::isBoolean;
                case "null" -> JsonNode::isNull;
                case "number" -> JsonNode::isNumber;
                // 1.0 is an integer in 2020-12; only integral literals are surely one here.
                case "integer" -> JsonNode::isIntegralNumber;
                default -> NEVER;
            };
            if (one == NEVER) {
                return NEVER;
            }
            accepted.add(one);
        }
        return n -> {
            for (Predicate<JsonNode> one : accepted) {
                if (one.test(n)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** An enum of strings and integers (an integer matches only when written as one: 1, not 1.0). */
    private static Predicate<JsonNode> strings(JsonNode values) {
        Set<String> allowed = new HashSet<>();
        Set<BigInteger> integers = new HashSet<>();
        for (JsonNode v : values) {
            if (v.isTextual()) {
                allowed.add(v.textValue());
            } else if (v.isIntegralNumber()) {
                integers.add(v.bigIntegerValue());
            } else {
                return NEVER;
            }
        }
        return n -> n.isTextual() ? allowed.contains(n.textValue())
                : n.isIntegralNumber() && integers.contains(n.bigIntegerValue());
    }

    private static Predicate<JsonNode> pattern(String regex) {
        // The contracts' code and name patterns (^[class]{m,n}…$) run as a table scan; any other regex as a regex.
        Optional<CharClassPattern> simple = CharClassPattern.compile(regex);
        if (simple.isPresent()) {
            CharClassPattern p = simple.get();
            return n -> !n.isTextual() || p.matches(n.textValue());
        }
        Pattern pattern = Pattern.compile(regex);
        return n -> !n.isTextual() || pattern.matcher(n.textValue()).find();
    }

    private static int codePoints(JsonNode n) {
        String s = n.textValue();
        return s.codePointCount(0, s.length());
    }

    private static Predicate<JsonNode> bound(JsonNode limit, boolean lower) {
        if (!limit.isNumber()) {
            return NEVER;
        }
        BigDecimal bound = limit.decimalValue();
        // Limits like 0, 1 or 3600000 are doubles exactly: a double compares to them as a double, without a BigDecimal.
        double exact = bound.doubleValue();
        boolean exactDouble = Double.isFinite(exact) && new BigDecimal(exact).compareTo(bound) == 0;
        return n -> {
            if (!n.isNumber()) {
                return true;
            }
            if (n.isDouble() && !Double.isFinite(n.doubleValue())) {
                return false;
            }
            // + 0.0 turns -0.0 into 0.0, which Double.compare would otherwise order below it.
            int c = n.isDouble() && exactDouble ? Double.compare(n.doubleValue() + 0.0, exact + 0.0)
                    : n.decimalValue().compareTo(bound);
            return lower ? c >= 0 : c <= 0;
        };
    }

    private static Predicate<JsonNode> required(JsonNode names) {
        String[] required = new String[names.size()];
        for (int i = 0; i < required.length; i++) {
            required[i] = names.get(i).asText();
        }
        return n -> {
            if (!n.isObject()) {
                return true;
            }
            for (String name : required) {
                if (!n.has(name)) {
                    return false;
                }
            }
            return true;
        };
    }

    private Predicate<JsonNode> properties(JsonNode properties, JsonNode additional, String file) {
        Map<String, Predicate<JsonNode>> declared = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> p = it.next();
            declared.put(p.getKey(), compile(p.getValue(), file));
        }
        Predicate<JsonNode> others = additional == null ? ALWAYS : compile(additional, file);
        return n -> {
            if (!n.isObject()) {
                return true;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                Predicate<JsonNode> check = declared.get(field.getKey());
                if (!(check == null ? others : check).test(field.getValue())) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Predicate<JsonNode> propertyNames(Predicate<JsonNode> names) {
        return n -> {
            if (!n.isObject()) {
                return true;
            }
            Iterator<String> fields = n.fieldNames();
            while (fields.hasNext()) {
                if (!names.test(com.fasterxml.jackson.databind.node.TextNode.valueOf(fields.next()))) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Predicate<JsonNode> items(Predicate<JsonNode> item) {
        return n -> {
            if (!n.isArray()) {
                return true;
            }
            for (JsonNode element : n) {
                if (!item.test(element)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static boolean uniqueStrings(JsonNode n) {
        if (!n.isArray()) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode element : n) {
            if (!element.isTextual() || !seen.add(element.textValue())) {
                return false; // a repeat, or items whose equality this check does not decide
            }
        }
        return true;
    }

    private Predicate<JsonNode> anyOf(JsonNode branches, String file) {
        List<Predicate<JsonNode>> compiled = new ArrayList<>();
        for (JsonNode branch : branches) {
            compiled.add(compile(branch, file));
        }
        return n -> {
            for (Predicate<JsonNode> branch : compiled) {
                if (branch.test(n)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static boolean dateTime(JsonNode n) {
        return !n.isTextual() || Rfc3339.parseStrict(n.textValue()) != null;
    }

}
