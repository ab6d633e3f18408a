package org.vigie.alert.domain.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A hash-chained, append-only audit log: each entry's hash covers the previous entry's hash, so changing,
 * removing or reordering any row breaks every link after it, and an authority can check the trail without
 * trusting the operator's database.
 *
 * <p>The hash is SHA-256 over the UTF-8 bytes of a canonical JSON envelope of the entry:
 * <pre>{"action":…,"actor":…,"payload":&lt;payloadJson as is&gt;,"previousHash":…,"sequence":n,"subject":…,"timestamp":"…Z"}</pre>
 * with keys in that (sorted) order and the timestamp as ISO-8601 UTC with exactly six fractional digits. A
 * verifier in any language rebuilds that string and compares hashes.
 *
 * <p>The chain alone cannot see the <i>last</i> rows being cut off (the shorter chain is still consistent): anchor
 * the head hash elsewhere (a periodic signed checkpoint, the metrics, an authority's copy) and pass it to
 * {@link #verify(List, String)}. The database side (a role that can only INSERT, a single writer or an advisory
 * lock to serialise appends) is the store's concern.
 */
public final class AuditChain {

    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private final Clock clock;

    public AuditChain(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The entry that follows {@code previous} (null for the first), timestamped now.
     *
     * @param payload details as a map; written as canonical JSON
     */
    public AuditEntry append(AuditEntry previous, String actor, String action, String subject,
                             Map<String, ?> payload) {
        // Truncated to microseconds so the value read back from PostgreSQL is the value that was hashed.
        Instant timestamp = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long sequence = previous == null ? 1 : previous.sequence() + 1;
        String previousHash = previous == null ? GENESIS : previous.hash();
        String payloadJson = CanonicalJson.write(payload == null ? Map.of() : payload);
        return new AuditEntry(sequence, timestamp, actor, action, subject, payloadJson, previousHash,
                hashOf(previousHash, sequence, timestamp, actor, action, subject, payloadJson));
    }

    public static String hashOf(String previousHash, long sequence, Instant timestamp, String actor, String action,
                                String subject, String payloadJson) {
        // Keys in sorted order; the payload is already canonical JSON text and is spliced in verbatim, so the
        // hash covers exactly the stored bytes.
        String text = "{\"action\":" + CanonicalJson.write(action)
                + ",\"actor\":" + CanonicalJson.write(actor)
                + ",\"payload\":" + payloadJson
                + ",\"previousHash\":" + CanonicalJson.write(previousHash)
                + ",\"sequence\":" + sequence
                + ",\"subject\":" + CanonicalJson.write(subject)
                + ",\"timestamp\":" + CanonicalJson.write(timestampText(timestamp))
                + "}";
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
    }

    public static String hashOf(AuditEntry entry) {
        return hashOf(entry.previousHash(), entry.sequence(), entry.timestamp(), entry.actor(), entry.action(),
                entry.subject(), entry.payloadJson());
    }

    /** ISO-8601 UTC with exactly six fractional digits, e.g. 2025-03-03T10:00:00.000000Z. */
    static String timestampText(Instant timestamp) {
        Instant micros = timestamp.truncatedTo(ChronoUnit.MICROS);
        String seconds = micros.truncatedTo(ChronoUnit.SECONDS).toString();
        return seconds.substring(0, seconds.length() - 1) + String.format(".%06dZ", micros.getNano() / 1000);
    }

    /** Verifies the whole chain from its first entry; {@code entries} in the order read (by sequence). */
    public static ChainVerification verify(List<AuditEntry> entries) {
        return verify(entries, null);
    }

    /**
     * Verifies the chain and, when {@code anchoredHeadHash} is given, that it ends at (or passes through) that
     * hash, which catches rows cut off at the end.
     */
    public static ChainVerification verify(List<AuditEntry> entries, String anchoredHeadHash) {
        String previousHash = GENESIS;
        long expectedSequence = 1;
        boolean anchorSeen = anchoredHeadHash == null;
        long checked = 0;
        for (AuditEntry entry : entries) {
            checked++;
            if (entry.sequence() != expectedSequence) {
                String why = "expected sequence " + expectedSequence + ", found " + entry.sequence()
                        + (entry.sequence() > expectedSequence ? " (entries deleted or reordered)"
                        : " (entries reordered or duplicated)");
                return ChainVerification.broken(checked, expectedSequence, why);
            }
            if (!entry.previousHash().equals(previousHash)) {
                return ChainVerification.broken(checked, entry.sequence(),
                        "previous-hash link broken: entry does not follow the one before it");
            }
            if (!hashOf(entry).equals(entry.hash())) {
                return ChainVerification.broken(checked, entry.sequence(),
                        "hash mismatch: the entry's content was altered after it was written");
            }
            anchorSeen |= entry.hash().equals(anchoredHeadHash);
            previousHash = entry.hash();
            expectedSequence++;
        }
        if (!anchorSeen) {
            return ChainVerification.broken(checked, expectedSequence,
                    "anchored head hash not found: entries were removed from the end of the chain");
        }
        return ChainVerification.intact(checked, entries.isEmpty() ? GENESIS : previousHash);
    }
}
