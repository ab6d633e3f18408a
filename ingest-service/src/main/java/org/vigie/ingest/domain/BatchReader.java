package org.vigie.ingest.domain;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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

    public BatchReader(ObjectMapper mapper, int maxBytes, int maxItems) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.elementReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        if (maxBytes < 1 || maxItems < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxBytes = maxBytes;
        this.maxItems = maxItems;
    }

    /** One item of the batch: a parsed document, or the reason its line could not be read (NDJSON only). */
    public record Item(JsonNode document, String unreadable) {

        static Item of(JsonNode document) {
            return new Item(document, null);
        }

        static Item unreadable(String reason) {
            return new Item(null, reason);
        }

        public boolean readable() {
            return document != null;
        }
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
                items.add(Item.of(elementReader.readTree(parser)));
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
                    JsonNode node = mapper.readTree(mapper.getFactory().createParser(body, start, length));
                    items.add(Item.of(node));
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
