package org.vigie.ingest.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigInteger;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigie.contracts.json.StreamingSchema;

/**
 * The privacy guard of the ingest edge. Telemetry is pseudonymous (GDPR): no direct patient
 * identifier — name, NIR, date of birth, address, e-mail, phone — may enter the platform. An event
 * in which this guard finds one is refused, never stored or forwarded, and the refusal names the
 * rule and the JSON pointer only: echoing the value would copy the identifier into responses and
 * logs, the very places it must not reach.
 *
 * <p>Rules, applied everywhere in the tree:
 * <ul>
 *   <li>Field names: a name reserved for identifiers ({@code name}, {@code firstName},
 *       {@code patientName}, {@code nom}, {@code prenom}, {@code address}, {@code nir},
 *       {@code ssn}, {@code email}, {@code phone}, …; case, accents, {@code _} and {@code -}
 *       ignored). A date-of-birth name ({@code birthDate}, {@code dateOfBirth}, {@code dob},
 *       {@code naissance}, …) is reported as {@link IdentifierViolation.Rule#DATE_OF_BIRTH}.</li>
 *   <li>NIR: 13 digits + 2-digit key, groups optionally separated by spaces, with the key checked
 *       (key = 97 − number mod 97, Corsica 2A/2B counted as 19/18). A 15-digit string whose key
 *       does not match is a reference number, not a NIR. JSON integers are checked too.</li>
 *   <li>E-mail addresses; phone numbers (French {@code 0X XX XX XX XX}, {@code +33 X …},
 *       {@code 0033 …}; international E.164 {@code +CC…}).</li>
 *   <li>Dates of birth in free text: a date next to "né(e) le", "date de naissance", "DDN",
 *       "DOB", "born", "date of birth". A date alone (an exam date) is fine.</li>
 *   <li>Any string longer than the configured cap (free text is where identifiers hide).</li>
 * </ul>
 * Non-integral numbers, booleans and integers that are not a valid NIR are never flagged: scores,
 * latencies and epoch milliseconds are legitimate.
 */
public final class DirectIdentifierGuard {

    public static final int DEFAULT_MAX_TEXT_LENGTH = 2_000;

    /** Exact (normalised) names: short or generic words that are only suspect on their own. */
    private static final Set<String> FORBIDDEN_EXACT = Set.of(
            "name", "fullname", "firstname", "lastname", "surname", "givenname", "familyname", "middlename",
            "maidenname", "birthname", "patientname", "nom", "prenom", "prenoms", "nomdenaissance",
            "nomdusage", "nomdefamille", "address", "adresse", "streetaddress", "postaladdress", "homeaddress",
            "nir", "ssn", "socialsecuritynumber", "numerosecu", "numsecu", "numerosecuritesociale",
            "email", "mail", "courriel", "emailaddress", "phone", "phonenumber", "telephone", "tel",
            "mobilephone", "fax", "ipp");

    /** Distinctive fragments, suspect wherever they appear in a name (patient_first_name …). */
    private static final List<String> FORBIDDEN_FRAGMENTS = List.of(
            "firstname", "lastname", "fullname", "patientname", "surname", "prenom", "nomdenaissance",
            "email", "courriel", "telephone", "phonenumber", "adresse", "streetaddress", "postaladdress",
            "socialsecurity", "securitesociale", "numerosecu");

    private static final Set<String> BIRTH_EXACT = Set.of("dob", "ddn", "birth", "naissance", "birthday");
    private static final List<String> BIRTH_FRAGMENTS = List.of(
            "birthdate", "dateofbirth", "datenaissance", "datedenaissance", "birthday");

    private static final String SEP = "[ \\u00A0]?";
    private static final Pattern NIR = Pattern.compile(
            "(?<![0-9A-Za-z])([1-478])" + SEP + "(\\d{2})" + SEP + "(\\d{2})" + SEP + "(\\d{2}|2[ABab])"
                    + SEP + "(\\d{3})" + SEP + "(\\d{3})" + SEP + "(\\d{2})(?![0-9])");
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern PHONE_FR = Pattern.compile(
            "(?<![0-9A-Za-z+.,])(?:(?:\\+|00)33[ .-]?(?:\\(0\\)[ .-]?)?[1-9]|0[1-9])(?:[ .-]?\\d{2}){4}(?![0-9])");
    private static final Pattern PHONE_E164 = Pattern.compile(
            "(?<![0-9A-Za-z.,])\\+[1-9](?:[ .-]?\\d){7,14}(?![0-9])");
    private static final String DATE =
            "(?:\\d{1,2}[/.\\-]\\d{1,2}[/.\\-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}(?:er)?\\s+\\p{L}{3,9}\\.?\\s+\\d{4}|\\p{L}{3,9}\\s+\\d{1,2},?\\s+\\d{4})";
    private static final Pattern BIRTH_IN_TEXT = Pattern.compile(
            "(?iu)(?:\\bn[ée]e?\\s+le|\\bdate\\s+de\\s+naissance|\\bddn|\\bdob|\\bdate\\s+of\\s+birth|\\bbirth\\s*date|\\bborn(?:\\s+on)?)"
                    + "\\s*[:=\\-]?\\s*" + DATE);

    /** The words that start every alternative of BIRTH_IN_TEXT, lower-cased. */
    private static final List<String> BIRTH_WORDS = List.of("le", "naissance", "ddn", "dob", "birth", "born");
    private static final int NAME_CACHE_LIMIT = 10_000;
    private static final Map<String, KeyVerdict> KEY_VERDICTS = new ConcurrentHashMap<>();

    private final int maxTextLength;

    public DirectIdentifierGuard() {
        this(DEFAULT_MAX_TEXT_LENGTH);
    }

    public DirectIdentifierGuard(int maxTextLength) {
        if (maxTextLength < 1) {
            throw new IllegalArgumentException("maxTextLength must be positive, got " + maxTextLength);
        }
        this.maxTextLength = maxTextLength;
    }

    /**
     * Where a node sits: its parent's place and its key or index. The walk builds a JSON pointer string only for
     * a node that breaks a rule, so a clean event (the common case) costs no pointer at all.
     */
    private record Place(Place parent, String key, int index) {
        static final Place ROOT = new Place(null, null, -1);

        Place child(String name) {
            return new Place(this, name, -1);
        }

        Place child(int i) {
            return new Place(this, null, i);
        }

        String pointer() {
            if (parent == null) {
                return "";
            }
            StringBuilder out = new StringBuilder();
            append(out);
            return out.toString();
        }

        private void append(StringBuilder out) {
            if (parent == null) {
                return;
            }
            parent.append(out);
            out.append('/').append(key != null ? escape(key) : Integer.toString(index));
        }
    }

    /** All violations in the event, in document order; empty when the event is clean. */
    public List<IdentifierViolation> inspect(JsonNode event) {
        List<IdentifierViolation> violations = new ArrayList<>();
        if (event == null) {
            return violations;
        }
        // Iterative walk: a hostile body may nest deeply; the stack must not be the JVM's. Children are pushed
        // in reverse so that they are visited, and violations reported, in document order.
        Deque<JsonNode> nodes = new ArrayDeque<>();
        Deque<Place> places = new ArrayDeque<>();
        nodes.push(event);
        places.push(Place.ROOT);
        List<JsonNode> childNodes = new ArrayList<>();
        List<Place> childPlaces = new ArrayList<>();
        while (!nodes.isEmpty()) {
            JsonNode node = nodes.pop();
            Place place = places.pop();
            if (node.isObject()) {
                childNodes.clear();
                childPlaces.clear();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    String key = field.getKey();
                    KeyVerdict verdict = keyVerdict(key);
                    if (verdict.inFieldName()) {
                        violations.add(new IdentifierViolation(verdict.rule(), place.pointer(), true));
                        continue; // its pointer would echo the key; the event is refused anyway
                    }
                    if (verdict.rule() != null) {
                        violations.add(new IdentifierViolation(verdict.rule(), place.child(key).pointer(), false));
                        continue;
                    }
                    JsonNode value = field.getValue();
                    if (value.isContainerNode() || value.isTextual() || value.isIntegralNumber()) {
                        childNodes.add(value);
                        childPlaces.add(place.child(key));
                    }
                }
                for (int i = childNodes.size() - 1; i >= 0; i--) {
                    nodes.push(childNodes.get(i));
                    places.push(childPlaces.get(i));
                }
            } else if (node.isArray()) {
                for (int i = node.size() - 1; i >= 0; i--) {
                    nodes.push(node.get(i));
                    places.push(place.child(i));
                }
            } else if (node.isTextual()) {
                String text = node.textValue();
                if (text.length() > maxTextLength) {
                    violations.add(new IdentifierViolation(IdentifierViolation.Rule.TEXT_TOO_LONG, place.pointer(), false));
                    continue;
                }
                IdentifierViolation.Rule rule = valueRule(text);
                if (rule != null) {
                    violations.add(new IdentifierViolation(rule, place.pointer(), false));
                }
            } else if (node.isIntegralNumber()) {
                // Only a 15-digit positive integer can be a NIR: avoid a BigInteger for every count and version.
                if (node.canConvertToLong() ? isNirSized(node.longValue()) : node.bigIntegerValue().signum() > 0) {
                    String digits = node.bigIntegerValue().toString();
                    if (isNir(digits)) {
                        violations.add(new IdentifierViolation(IdentifierViolation.Rule.NIR, place.pointer(), false));
                    }
                }
            }
        }
        return violations;
    }

    /**
     * The guard as a streaming observer ({@link StreamingSchema.Leaves}) for the admission's fast path: it lets a
     * leaf pass only when {@link #inspect} could find nothing in it — a clean field name, a string within the cap
     * that no rule matches, an integer that cannot be a NIR (any positive 15-digit or larger one stops it, valid key
     * or not) — and stops the read otherwise, so that the tree is built and {@link #inspect} gives the verdict and
     * its pointer. Top-level strings go on to {@code topLevel}, which may stop the read too.
     */
    StreamingSchema.Leaves watching(TopLevelText topLevel) {
        return new StreamingSchema.Leaves() {
            @Override
            public boolean fieldName(String name) {
                KeyVerdict verdict = keyVerdict(name);
                return verdict.rule() == null && !verdict.inFieldName();
            }

            @Override
            public boolean text(String value, String field, int depth) {
                return value.length() <= maxTextLength && valueRule(value) == null
                        && (depth != 1 || topLevel.accept(field, value));
            }

            @Override
            public boolean integer(JsonParser parser) throws java.io.IOException {
                return switch (parser.getNumberType()) {
                    case INT -> true;
                    case LONG -> !isNirSized(parser.getLongValue());
                    default -> parser.getBigIntegerValue().signum() <= 0;
                };
            }
        };
    }

    /** Receives the strings of the top-level object as the streaming guard passes them. */
    interface TopLevelText {
        boolean accept(String field, String value);
    }

    private static boolean isNirSized(long n) {
        return n >= 100_000_000_000_000L && n <= 999_999_999_999_999L;
    }

    /**
     * A copy of the event fit for the dead-letter topic: identifier fields and values replaced by
     * {@code "[removed: <rule>]"}, keys that are themselves identifiers dropped.
     */
    public JsonNode redact(JsonNode event) {
        if (event == null) {
            return null;
        }
        if (event.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = event.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                KeyVerdict verdict = keyVerdict(field.getKey());
                if (verdict.inFieldName()) {
                    continue;
                }
                copy.set(field.getKey(), verdict.rule() != null ? removed(verdict.rule()) : redact(field.getValue()));
            }
            return copy;
        }
        if (event.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : event) {
                copy.add(redact(element));
            }
            return copy;
        }
        if (event.isTextual()) {
            String text = event.textValue();
            if (text.length() > maxTextLength) {
                return removed(IdentifierViolation.Rule.TEXT_TOO_LONG);
            }
            IdentifierViolation.Rule rule = valueRule(text);
            return rule != null ? removed(rule) : event.deepCopy();
        }
        if (event.isIntegralNumber() && event.bigIntegerValue().signum() > 0 && isNir(event.bigIntegerValue().toString())) {
            return removed(IdentifierViolation.Rule.NIR);
        }
        return event.deepCopy();
    }

    private static JsonNode removed(IdentifierViolation.Rule rule) {
        return JsonNodeFactory.instance.textNode("[removed: " + rule.code() + "]");
    }

    /**
     * What a field name breaks: an identifier in the name itself ({@code inFieldName}: an e-mail address used as a
     * key…), else a forbidden name ({@code patientName}…), else nothing ({@code rule} null).
     */
    record KeyVerdict(IdentifierViolation.Rule rule, boolean inFieldName) {
        static final KeyVerdict CLEAN = new KeyVerdict(null, false);
    }

    /**
     * The verdict on a field name. Events of one device repeat the same few field names (Jackson hands the same
     * String for each): the verdicts are remembered, bounded, so a known name costs one lookup instead of the
     * content scan and the name rules. A name holding an identifier is judged every time and never kept, so no
     * personal data stays in memory.
     */
    static KeyVerdict keyVerdict(String fieldName) {
        KeyVerdict known = KEY_VERDICTS.get(fieldName);
        if (known != null) {
            return known;
        }
        IdentifierViolation.Rule inName = valueRule(fieldName);
        if (inName != null) {
            return new KeyVerdict(inName, true);
        }
        IdentifierViolation.Rule byName = judgeName(fieldName);
        known = byName == null ? KeyVerdict.CLEAN : new KeyVerdict(byName, false);
        if (KEY_VERDICTS.size() >= NAME_CACHE_LIMIT) {
            KEY_VERDICTS.clear();
        }
        KEY_VERDICTS.put(fieldName, known);
        return known;
    }

    private static IdentifierViolation.Rule judgeName(String fieldName) {
        String n = normalise(fieldName);
        if (BIRTH_EXACT.contains(n) || BIRTH_FRAGMENTS.stream().anyMatch(n::contains)) {
            return IdentifierViolation.Rule.DATE_OF_BIRTH;
        }
        if (FORBIDDEN_EXACT.contains(n) || FORBIDDEN_FRAGMENTS.stream().anyMatch(n::contains)) {
            return IdentifierViolation.Rule.FORBIDDEN_FIELD_NAME;
        }
        return null;
    }

    /**
     * The rule a string breaks by its content, or null. Each pattern runs only when the string has what the
     * pattern needs (enough digits, an '@', a keyword), so the common strings of telemetry (codes, timestamps,
     * UUIDs) cost a scan instead of five regular expressions; the verdicts are the same.
     */
    static IdentifierViolation.Rule valueRule(String text) {
        if (text.isEmpty() || isUuid(text) || isTimestamp(text)) {
            // A random UUID (eventId, inferenceEventId) is no one's identifier; nor is a bare RFC 3339 timestamp
            // (occurredAt …): no rule can match one — a NIR or a phone number needs digit runs its separators
            // break, and a birth date needs a keyword — so skipping them changes no verdict.
            return null;
        }
        return patternRule(text);
    }

    /** {@link #valueRule} without the UUID and timestamp shortcuts (package-private: tests prove they change nothing). */
    static IdentifierViolation.Rule patternRule(String text) {
        int digits = 0;
        boolean ascii = true;
        boolean plus = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c > 127) {
                ascii = false;
            } else if (c == '+') {
                plus = true;
            }
        }
        if (digits >= 13 && containsNir(text)) { // 13 digits + key (Corsica: 2A/2B)
            return IdentifierViolation.Rule.NIR;
        }
        if (text.indexOf('@') >= 0 && EMAIL.matcher(text).find()) {
            return IdentifierViolation.Rule.EMAIL;
        }
        // PHONE_FR needs at least 10 digits (0X + 4 pairs; +33 X + 4 pairs is 11), PHONE_E164 a '+' and 8.
        if ((digits >= 10 && PHONE_FR.matcher(text).find()) || (plus && digits >= 8 && PHONE_E164.matcher(text).find())) {
            return IdentifierViolation.Rule.PHONE;
        }
        if (digits >= 4 && (!ascii || mayNameABirth(text)) && BIRTH_IN_TEXT.matcher(text).find()) {
            return IdentifierViolation.Rule.DATE_OF_BIRTH;
        }
        return null;
    }

    /** Whether an ASCII string holds one of the words BIRTH_IN_TEXT starts with ("né le", "naissance", "dob", …). */
    private static boolean mayNameABirth(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String word : BIRTH_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:mm)}, exactly; nothing else around it. */
    static boolean isTimestamp(String text) {
        int n = text.length();
        if (n < 20 || n > 40) {
            return false;
        }
        for (int i = 0; i < 19; i++) {
            char c = text.charAt(i);
            boolean ok = switch (i) {
                case 4, 7 -> c == '-';
                case 10 -> c == 'T' || c == 't';
                case 13, 16 -> c == ':';
                default -> c >= '0' && c <= '9';
            };
            if (!ok) {
                return false;
            }
        }
        int i = 19;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            if (i == start || i - start > 9) {
                return false;
            }
        }
        if (i == n - 1) {
            char z = text.charAt(i);
            return z == 'Z' || z == 'z';
        }
        if (i != n - 6) {
            return false;
        }
        char sign = text.charAt(i);
        return (sign == '+' || sign == '-') && isDigit(text, i + 1) && isDigit(text, i + 2) && text.charAt(i + 3) == ':'
                && isDigit(text, i + 4) && isDigit(text, i + 5);
    }

    private static boolean isDigit(String text, int i) {
        char c = text.charAt(i);
        return c >= '0' && c <= '9';
    }

    /** The 8-4-4-4-12 hexadecimal shape of a UUID (either case), exactly: what the contracts' uuid pattern accepts. */
    static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (dash ? c != '-' : !hex) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsNir(String text) {
        Matcher m = NIR.matcher(text);
        while (m.find()) {
            StringBuilder digits = new StringBuilder(15);
            for (int g = 1; g <= 7; g++) {
                digits.append(m.group(g));
            }
            if (isNir(digits.toString())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for 15 characters forming a NIR with a valid key: 13-character number (Corsica's
     * department 2A/2B replaced by 19/18 for the computation) and key = 97 − number mod 97.
     */
    static boolean isNir(String fifteen) {
        if (fifteen.length() != 15) {
            return false;
        }
        String upper = fifteen.toUpperCase(Locale.ROOT);
        char sex = upper.charAt(0);
        if ("123478".indexOf(sex) < 0) {
            return false;
        }
        String department = upper.substring(5, 7);
        String body;
        if (department.equals("2A")) {
            body = upper.substring(0, 5) + "19" + upper.substring(7, 13);
        } else if (department.equals("2B")) {
            body = upper.substring(0, 5) + "18" + upper.substring(7, 13);
        } else {
            body = upper.substring(0, 13);
        }
        String key = upper.substring(13);
        if (!body.chars().allMatch(Character::isDigit) || !key.chars().allMatch(Character::isDigit)) {
            return false;
        }
        long number = Long.parseLong(body);
        return 97 - (number % 97) == Integer.parseInt(key);
    }

    private static String normalise(String fieldName) {
        String stripped = Normalizer.normalize(fieldName, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return stripped.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** RFC 6901: '~' is written "~0" and '/' is written "~1". */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
