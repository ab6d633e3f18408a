package org.vigie.contracts.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.regex.Pattern;

/**
 * {@link FastSchema} for a token stream: the same "surely valid" checks, run while the parser reads the document,
 * so that a valid event is recognised without building its tree. Like FastSchema it only ever answers "surely
 * valid": a keyword it does not compile for streaming ({@code anyOf}, {@code uniqueItems}, a {@code $ref} beside
 * other keywords, anything FastSchema does not know), a number it cannot judge exactly, makes it answer false, and
 * the caller then builds the tree and asks the tree validators, which stay the authority for every refusal and
 * every message. Each check mirrors FastSchema's on the node Jackson would build from the same token (floats as
 * doubles, integers exactly), and {@code StreamingSchemaTest} checks on the contracts' examples and tens of
 * thousands of mutations that it never accepts what FastSchema (hence networknt) refuses.
 *
 * <p>While it reads, it hands every field name, string and integer of the document, at any depth, to a
 * {@link Leaves} observer (the ingest edge's privacy guard), which can stop the read as well.
 */
public final class StreamingSchema {

    /** Sees every leaf of the document as it is read; false from any method stops the read (not sure). */
    public interface Leaves {
        /** A field name, at any depth. */
        boolean fieldName(String name);

        /**
         * A string value; {@code field} is its field name when it is a field of the top-level object
         * ({@code depth} 1), of a nested object (depth > 1), or null in an array.
         */
        boolean text(String value, String field, int depth);

        /** An integer value: the parser's current token is {@link JsonToken#VALUE_NUMBER_INT}. */
        boolean integer(JsonParser parser) throws IOException;
    }

    private static final int OBJECT = 1;
    private static final int ARRAY = 2;
    private static final int STRING = 4;
    private static final int BOOLEAN = 8;
    private static final int NULL = 16;
    private static final int NUMBER = 32;
    private static final int INTEGER = 64;
    private static final int ANY_TYPE = OBJECT | ARRAY | STRING | BOOLEAN | NULL | NUMBER | INTEGER;

    /** A schema node compiled for streaming; {@link #NEVER} when some keyword is not. */
    private static final class Check {
        int types = ANY_TYPE;
        String constText;
        Set<String> enumTexts;
        Set<BigInteger> enumIntegers;
        final List<CharClassPattern> simplePatterns = new ArrayList<>();
        final List<Pattern> patterns = new ArrayList<>();
        int minLength = -1;
        int maxLength = -1;
        boolean dateTime;
        Bound minimum;
        Bound maximum;
        Map<String, Check> declared;
        Check additional; // null: any
        Check propertyNames;
        int maxProperties = -1;
        String[] required;
        Check items; // null: any
        int maxItems = -1;
        boolean never;
    }

    private static final Check NEVER = new Check();
    private static final Check ANY = new Check();

    static {
        NEVER.never = true;
    }

    /** A minimum or maximum, as FastSchema compares it: a double against a double when the bound is one exactly. */
    private record Bound(BigDecimal value, double exact, boolean exactDouble) {
        static Bound of(JsonNode limit) {
            BigDecimal bound = limit.decimalValue();
            double exact = bound.doubleValue();
            return new Bound(bound, exact, Double.isFinite(exact) && new BigDecimal(exact).compareTo(bound) == 0);
        }
    }

    private final SchemaFiles<Check> files;
    private final Check check;

    private StreamingSchema(ObjectMapper mapper, String root, String file) {
        this.files = new SchemaFiles<>(mapper, root, NEVER, this::compile);
        this.check = files.compile(file);
    }

    static StreamingSchema compile(ObjectMapper mapper, String root, String file) {
        return new StreamingSchema(mapper, root, file);
    }

    /**
     * Reads a whole document, the parser's current token being its opening brace. True only when it is surely valid
     * and every leaf passed; then the current token is its closing brace.
     */
    public boolean surelyValid(JsonParser parser, Leaves leaves) throws IOException {
        Check c = check;
        if (c.never || (c.types & OBJECT) == 0 || parser.currentToken() != JsonToken.START_OBJECT) {
            return false;
        }
        return readObject(parser, c, leaves, 1, null, null);
    }

    /**
     * Reads the rest of an object whose opening brace and first field ({@code firstName}: {@code firstText}, a string
     * the caller has read, e.g. the event's type) are consumed. True only when the whole object is surely valid
     * and every leaf passed; then the parser's current token is the object's closing brace. When false, the parser
     * is anywhere inside the object: the caller skips to its end.
     */
    public boolean surelyValidAfter(JsonParser parser, String firstName, String firstText, Leaves leaves)
            throws IOException {
        Check c = check;
        if (c.never || (c.types & OBJECT) == 0) {
            return false;
        }
        return readObject(parser, c, leaves, 1, firstName, firstText);
    }

    // ---- reading ----

    /** Reads the value at the current token (consumed whole when true). */
    private boolean read(JsonParser p, Check c, Leaves leaves, int depth, String field) throws IOException {
        if (c.never) {
            return false;
        }
        JsonToken t = p.currentToken();
        if (t == null || ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)
                && (c.constText != null || c.enumTexts != null))) {
            return false; // const and enum hold strings and integers only
        }
        switch (t) {
            case START_OBJECT:
                return (c.types & OBJECT) != 0 && readObject(p, c, leaves, depth + 1, null, null);
            case START_ARRAY:
                return (c.types & ARRAY) != 0 && readArray(p, c, leaves, depth + 1);
            case VALUE_STRING: {
                String text = p.getText();
                return leaves.text(text, field, depth) && (c.types & STRING) != 0 && text(c, text);
            }
            case VALUE_NUMBER_INT:
                return leaves.integer(p) && (c.types & (INTEGER | NUMBER)) != 0 && integer(c, p);
            case VALUE_NUMBER_FLOAT:
                return (c.types & NUMBER) != 0 && floating(c, p);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return (c.types & BOOLEAN) != 0 && c.constText == null && c.enumTexts == null;
            case VALUE_NULL:
                return (c.types & NULL) != 0 && c.constText == null && c.enumTexts == null;
            default:
                return false;
        }
    }

    private boolean readObject(JsonParser p, Check c, Leaves leaves, int depth, String firstName, String firstText)
            throws IOException {
        int count = 0;
        Set<String> seen = c.required == null ? null : new HashSet<>(c.required.length * 2);
        if (firstName != null) {
            count++;
            if (!field(c, leaves, firstName, seen, count)) {
                return false;
            }
            Check value = valueCheck(c, firstName);
            if (value.never || !leaves.text(firstText, firstName, depth) || (value.types & STRING) == 0
                    || !text(value, firstText)) {
                return false;
            }
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            count++;
            if (!field(c, leaves, name, seen, count)) {
                return false;
            }
            p.nextToken();
            if (!read(p, valueCheck(c, name), leaves, depth, name)) {
                return false;
            }
        }
        if (t != JsonToken.END_OBJECT) {
            return false;
        }
        return c.required == null || seen.size() == c.required.length;
    }

    private static boolean field(Check c, Leaves leaves, String name, Set<String> seen, int count) {
        if (!leaves.fieldName(name) || (c.maxProperties >= 0 && count > c.maxProperties)) {
            return false;
        }
        if (c.propertyNames != null && (c.propertyNames.never || (c.propertyNames.types & STRING) == 0
                || !text(c.propertyNames, name))) {
            return false;
        }
        if (seen != null) {
            for (String r : c.required) {
                if (r.equals(name)) {
                    seen.add(name);
                    break;
                }
            }
        }
        return true;
    }

    private static Check valueCheck(Check c, String name) {
        Check declared = c.declared == null ? null : c.declared.get(name);
        if (declared != null) {
            return declared;
        }
        return c.additional == null ? ANY : c.additional;
    }

    private boolean readArray(JsonParser p, Check c, Leaves leaves, int depth) throws IOException {
        int count = 0;
        Check item = c.items == null ? ANY : c.items;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                return false;
            }
            count++;
            if ((c.maxItems >= 0 && count > c.maxItems) || !read(p, item, leaves, depth, null)) {
                return false;
            }
        }
        return true;
    }

    private static boolean text(Check c, String text) {
        if (c.constText != null && !c.constText.equals(text)) {
            return false;
        }
        if (c.enumTexts != null && !c.enumTexts.contains(text)) {
            return false;
        }
        for (CharClassPattern pattern : c.simplePatterns) {
            if (!pattern.matches(text)) {
                return false;
            }
        }
        for (Pattern pattern : c.patterns) {
            if (!pattern.matcher(text).find()) {
                return false;
            }
        }
        if (c.minLength >= 0 || c.maxLength >= 0) {
            int length = text.codePointCount(0, text.length());
            if ((c.minLength >= 0 && length < c.minLength) || (c.maxLength >= 0 && length > c.maxLength)) {
                return false;
            }
        }
        return !c.dateTime || Rfc3339.parseStrict(text) != null;
    }

    private static boolean integer(Check c, JsonParser p) throws IOException {
        if (c.constText != null) {
            return false;
        }
        if (c.enumTexts != null && !c.enumIntegers.contains(p.getBigIntegerValue())) {
            return false;
        }
        if (c.minimum == null && c.maximum == null) {
            return true;
        }
        BigDecimal value = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? new BigDecimal(p.getBigIntegerValue()) : BigDecimal.valueOf(p.getLongValue());
        return (c.minimum == null || value.compareTo(c.minimum.value()) >= 0)
                && (c.maximum == null || value.compareTo(c.maximum.value()) <= 0);
    }

    /** A float is a double node in the tree (the contracts' mapper does not read floats as BigDecimal). */
    private static boolean floating(Check c, JsonParser p) throws IOException {
        if (c.constText != null || c.enumTexts != null) {
            return false;
        }
        if (c.minimum == null && c.maximum == null) {
            return true;
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
            return false;
        }
        return within(d, c.minimum, true) && within(d, c.maximum, false);
    }

    private static boolean within(double d, Bound bound, boolean lower) {
        if (bound == null) {
            return true;
        }
        int cmp = bound.exactDouble() ? Double.compare(d + 0.0, bound.exact() + 0.0)
                : BigDecimal.valueOf(d).compareTo(bound.value()); // as DoubleNode.decimalValue()
        return lower ? cmp >= 0 : cmp <= 0;
    }

    // ---- compiling ----

    private Check compile(JsonNode schema, String file) {
        if (schema.isBoolean()) {
            return schema.booleanValue() ? ANY : NEVER;
        }
        if (!schema.isObject()) {
            return NEVER;
        }
        if (schema.has("$ref")) {
            // A reference beside other assertions would need the value twice: left to the tree validators.
            Iterator<String> names = schema.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!name.equals("$ref") && !SchemaFiles.ANNOTATIONS.contains(name)) {
                    return NEVER;
                }
            }
            return files.ref(schema.get("$ref").asText(), file);
        }
        Check c = new Check();
        Iterator<Map.Entry<String, JsonNode>> keywords = schema.fields();
        while (keywords.hasNext()) {
            Map.Entry<String, JsonNode> keyword = keywords.next();
            String name = keyword.getKey();
            JsonNode value = keyword.getValue();
            if (SchemaFiles.ANNOTATIONS.contains(name)) {
                continue;
            }
            boolean compiled = switch (name) {
                case "type" -> type(c, value);
                case "const" -> value.isTextual() && (c.constText = value.textValue()) != null;
                case "enum" -> enumeration(c, value);
                case "pattern" -> pattern(c, value.asText());
                case "minLength" -> value.canConvertToInt() && (c.minLength = value.asInt()) >= 0;
                case "maxLength" -> value.canConvertToInt() && (c.maxLength = value.asInt()) >= 0;
                case "minimum" -> value.isNumber() && (c.minimum = Bound.of(value)) != null;
                case "maximum" -> value.isNumber() && (c.maximum = Bound.of(value)) != null;
                case "required" -> required(c, value);
                case "properties" -> properties(c, value, file);
                case "additionalProperties" -> !(c.additional = compile(value, file)).never || value.isBoolean();
                case "propertyNames" -> !(c.propertyNames = compile(value, file)).never;
                case "maxProperties" -> value.canConvertToInt() && (c.maxProperties = value.asInt()) >= 0;
                case "items" -> !(c.items = compile(value, file)).never;
                case "maxItems" -> value.canConvertToInt() && (c.maxItems = value.asInt()) >= 0;
                case "format" -> "date-time".equals(value.asText()) && (c.dateTime = true);
                default -> false; // anyOf, uniqueItems, …: the tree validators decide
            };
            if (!compiled) {
                return NEVER;
            }
        }
        if (c.additional == ANY) {
            c.additional = null;
        }
        return c;
    }

    private static boolean type(Check c, JsonNode value) {
        int types = 0;
        for (JsonNode type : value.isArray() ? value : List.of(value)) {
            types |= switch (type.asText()) {
                case "object" -> OBJECT;
                case "array" -> ARRAY;
                case "string" -> STRING;
                case "boolean" -> BOOLEAN;
                case "null" -> NULL;
                case "number" -> NUMBER;
                case "integer" -> INTEGER; // an integral literal only, as FastSchema (1.0 is left to the tree)
                default -> -1;
            };
        }
        if (types < 0) {
            return false;
        }
        c.types &= types;
        return true;
    }

    private static boolean enumeration(Check c, JsonNode values) {
        Set<String> texts = new HashSet<>();
        Set<BigInteger> integers = new HashSet<>();
        for (JsonNode v : values) {
            if (v.isTextual()) {
                texts.add(v.textValue());
            } else if (v.isIntegralNumber()) {
                integers.add(v.bigIntegerValue());
            } else {
                return false;
            }
        }
        c.enumTexts = texts;
        c.enumIntegers = integers;
        return true;
    }

    private static boolean pattern(Check c, String regex) {
        Optional<CharClassPattern> simple = CharClassPattern.compile(regex);
        if (simple.isPresent()) {
            c.simplePatterns.add(simple.get());
        } else {
            c.patterns.add(Pattern.compile(regex));
        }
        return true;
    }

    private static boolean required(Check c, JsonNode names) {
        Set<String> distinct = new HashSet<>();
        for (JsonNode name : names) {
            if (!name.isTextual()) {
                return false;
            }
            distinct.add(name.textValue());
        }
        c.required = distinct.toArray(String[]::new);
        return true;
    }

    private boolean properties(Check c, JsonNode properties, String file) {
        c.declared = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> p = it.next();
            // A property not compiled for streaming leaves only the documents that have it to the tree validators.
            c.declared.put(p.getKey(), compile(p.getValue(), file));
        }
        return true;
    }
}
