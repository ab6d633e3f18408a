package org.vigie.ingest.domain;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads the body of a telemetry post into its items: a JSON array of events, or NDJSON (one event per
 * line), optionally gzip-compressed. Limits are enforced on the decompressed body (a small gzip can expand
 * into gigabytes) and on the item count, before any item is validated.
 *
 * <p>A JSON array that does not parse is refused whole: a streaming parser cannot resynchronise after an
 * error. In NDJSON each line stands alone, so an unreadable line is one item refused and the others go on;
 * a body none of whose lines reads is refused whole. Messages give a position, never the content, which
 * may be personal data.
 */
public final class BatchReader {

    public static final String NDJSON = "application/x-ndjson";

    private final ObjectMapper mapper;
    /** Reads one element of an array: what follows it (a comma, the next element) is the array's business. */
    private final ObjectReader elementReader;
    private final int maxBytes;
    private final int maxItems;
    private final Prevalidator prevalidator;

    public BatchReader(ObjectMapper mapper, int maxBytes, int maxItems) {
        this(mapper, maxBytes, maxItems, null);
    }

    /** With the admission's fast path ({@code prevalidator}, may be null) run on the objects of a JSON array. */
    public BatchReader(ObjectMapper mapper, int maxBytes, int maxItems, Prevalidator prevalidator) {
        this.prevalidator = prevalidator;
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.elementReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        if (maxBytes < 1 || maxItems < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxBytes = maxBytes;
        this.maxItems = maxItems;
    }

    /**
     * One item of the batch: a parsed document and, for an object, the exact bytes it was parsed from (so that an
     * admitted event can be published as sent, not written again); or the reason its line could not be read
     * (NDJSON only). An item the fast path recognised while reading ({@link #prevalidated}) has no tree until one
     * is asked for: {@link #document} then parses its bytes (only a refusal needs it).
     */
    public static final class Item {
        private JsonNode document;
        private final String unreadable;
        private final byte[] source;
        private final EventAdmission.Prevalidated prevalidated;
        private final ObjectMapper mapper;

        private Item(JsonNode document, String unreadable, byte[] source, EventAdmission.Prevalidated prevalidated,
                     ObjectMapper mapper) {
            this.document = document;
            this.unreadable = unreadable;
            this.source = source;
            this.prevalidated = prevalidated;
            this.mapper = mapper;
        }

        static Item of(JsonNode document, byte[] source) {
            return new Item(document, null, source, null, null);
        }

        static Item prevalidated(EventAdmission.Prevalidated prevalidated, byte[] source, ObjectMapper mapper) {
            return new Item(null, null, source, prevalidated, mapper);
        }

        static Item unreadable(String reason) {
            return new Item(null, reason, null, null, null);
        }

        public boolean readable() {
            return document != null || prevalidated != null;
        }

        /** The item's tree (null when unreadable); built from its bytes on first use for a prevalidated item. */
        public JsonNode document() {
            if (document == null && source != null && mapper != null) {
                try {
                    document = mapper.readTree(source);
                } catch (IOException e) {
                    throw new IllegalStateException("bytes read once no longer parse", e); // cannot happen
                }
            }
            return document;
        }

        public String unreadable() {
            return unreadable;
        }

        public byte[] source() {
            return source;
        }

        /** What the fast path learnt of the item, or null when it left the item to the tree path. */
        public EventAdmission.Prevalidated prevalidated() {
            return prevalidated;
        }
    }

    /**
     * The admission's fast path ({@link EventAdmission#prevalidate}), run on each object of a JSON array as it is
     * read: the parser at the object's opening brace; null when not sure.
     */
    public interface Prevalidator {
        EventAdmission.Prevalidated read(JsonParser parser) throws IOException;
    }

    /** Why a body was refused as a whole: 400 (unreadable) or 413 (too large). */
    public static final class Refusal extends Exception {
        private final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }

        static Refusal unreadable(String detail) {
            return new Refusal(400, detail);
        }

        static Refusal tooLarge(String detail) {
            return new Refusal(413, detail);
        }
    }

    public List<Item> read(byte[] body, boolean ndjson, boolean gzip) throws Refusal {
        byte[] plain = gzip ? gunzip(body) : body;
        if (plain.length > maxBytes) {
            throw Refusal.tooLarge("The body is " + plain.length + " bytes; at most " + maxBytes + " are accepted per request.");
        }
        if (isBlank(plain)) {
            throw Refusal.unreadable("The body is empty.");
        }
        return ndjson ? readLines(plain) : readArray(plain);
    }

    private List<Item> readArray(byte[] body) throws Refusal {
        List<Item> items = new ArrayList<>();
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw Refusal.unreadable("The body must be a JSON array of events, or NDJSON sent as " + NDJSON + ".");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (items.size() == maxItems) {
                    throw tooMany();
                }
                long start = parser.currentTokenLocation().getByteOffset();
                if (prevalidator != null && parser.currentToken() == JsonToken.START_OBJECT) {
                    items.add(readObject(parser, body, start));
                    continue;
                }
                JsonNode document = elementReader.readTree(parser);
                items.add(Item.of(document, source(body, 0, start, parser)));
            }
            if (parser.nextToken() != null) {
                throw Refusal.unreadable("The body has content after the closing bracket of the array.");
            }
        } catch (JsonProcessingException e) {
            throw Refusal.unreadable("The body is not well-formed JSON " + where(e.getLocation()) + ".");
        } catch (IOException e) {
            throw Refusal.unreadable("The body could not be read.");
        }
        return items;
    }

    /**
     * An object of the array, the parser at its opening brace: the fast path reads it; when it is not sure, the rest
     * of the object is skipped (still parsed, so a syntax error refuses the body as before) and its bytes are read
     * into the tree the item would have had.
     */
    private Item readObject(JsonParser parser, byte[] body, long start) throws IOException {
        JsonStreamContext array = parser.getParsingContext().getParent();
        EventAdmission.Prevalidated prevalidated = prevalidator.read(parser);
        while (parser.getParsingContext() != array || parser.currentToken() != JsonToken.END_OBJECT) {
            if (parser.nextToken() == null) {
                throw new com.fasterxml.jackson.core.io.JsonEOFException(parser, null, "unexpected end of the body");
            }
            prevalidated = null;
        }
        byte[] source = source(body, 0, start, parser);
        if (prevalidated != null && source != null) {
            return Item.prevalidated(prevalidated, source, mapper);
        }
        long end = parser.currentTokenLocation().getByteOffset() + 1;
        try (JsonParser element = mapper.getFactory().createParser(body, (int) start, (int) (end - start))) {
            return Item.of(elementReader.readTree(element), source);
        }
    }

    private List<Item> readLines(byte[] body) throws Refusal {
        List<Item> items = new ArrayList<>();
        int readable = 0;
        int start = 0;
        int line = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '\n', start);
            int stop = end < 0 ? body.length : end;
            line++;
            int length = stop - start;
            if (length > 0 && body[stop - 1] == '\r') {
                length--;
            }
            if (!isBlank(body, start, length)) {
                if (items.size() == maxItems) {
                    throw tooMany();
                }
                try {
                    try (JsonParser parser = mapper.getFactory().createParser(body, start, length)) {
                        JsonNode node = mapper.readTree(parser);
                        // The line's object: the one parsed (what may follow it on the line is not published).
                        items.add(Item.of(node, node != null && node.isObject()
                                ? source(body, start, firstNonBlank(body, start, length) - start, parser) : null));
                    }
                    readable++;
                } catch (JsonProcessingException e) {
                    JsonLocation at = e.getLocation();
                    items.add(Item.unreadable("Line " + line + " is not well-formed JSON"
                            + (at == null ? "" : " (column " + at.getColumnNr() + ")") + "."));
                } catch (IOException e) {
                    items.add(Item.unreadable("Line " + line + " could not be read."));
                }
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        if (readable == 0) {
            throw Refusal.unreadable("No line of the NDJSON body is a well-formed JSON event.");
        }
        return items;
    }

    /**
     * The bytes of the object the parser has just read (its last token was the closing brace; a reader that bound
     * it may have cleared that token, not its location), from {@code start} (its opening brace, as an offset from
     * {@code base}); null when they are not one object. BatchReaderTest pins these offsets.
     */
    private static byte[] source(byte[] body, int base, long start, JsonParser parser) {
        if (parser.currentToken() != null && parser.currentToken() != JsonToken.END_OBJECT) {
            return null;
        }
        long end = parser.currentTokenLocation().getByteOffset() + 1;
        int from = (int) (base + start);
        int to = (int) (base + end);
        if (start < 0 || end <= start || to > body.length || body[from] != '{' || body[to - 1] != '}') {
            return null;
        }
        return java.util.Arrays.copyOfRange(body, from, to);
    }

    private static int firstNonBlank(byte[] bytes, int offset, int length) {
        int i = offset;
        while (i < offset + length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r')) {
            i++;
        }
        return i;
    }

    private Refusal tooMany() {
        return Refusal.tooLarge("At most " + maxItems + " events are accepted per request.");
    }

    private byte[] gunzip(byte[] body) throws Refusal {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, body.length * 8 + 64));
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > maxBytes) {
                    throw Refusal.tooLarge("The decompressed body exceeds " + maxBytes + " bytes.");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw Refusal.unreadable("The body is declared gzip-encoded but is not valid gzip.");
        }
    }

    private static String where(JsonLocation location) {
        if (location == null) {
            return "";
        }
        return "(line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte[] bytes) {
        return isBlank(bytes, 0, bytes.length);
    }

    private static boolean isBlank(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
