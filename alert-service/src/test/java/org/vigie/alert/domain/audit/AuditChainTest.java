package org.vigie.alert.domain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigie.alert.domain.MutableClock;

/** Plain JUnit: no Quarkus, no database; the rows are a list. */
class AuditChainTest {

    static List<AuditEntry> chainOf(int n) {
        var clock = new MutableClock(Instant.parse("2025-03-03T10:00:00.123456789Z"));
        var chain = new AuditChain(clock);
        List<AuditEntry> entries = new ArrayList<>();
        AuditEntry previous = null;
        for (int i = 1; i <= n; i++) {
            previous = chain.append(previous, i % 2 == 0 ? "manufacturer:acme" : "system", "alert.changed",
                    "alert:a" + i, Map.of("to", "ACKNOWLEDGED", "occurrences", i, "note", "ok " + i));
            entries.add(previous);
            clock.advance(Duration.ofMillis(1500));
        }
        return entries;
    }

    @Test
    void anUntouchedChainVerifies() {
        List<AuditEntry> entries = chainOf(6);
        var result = AuditChain.verify(entries);
        assertThat(result.ok()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(6);
        assertThat(result.headHash()).isEqualTo(entries.get(5).hash());
        assertThat(result.firstBrokenSequence()).isEmpty();
        assertThat(entries).extracting(AuditEntry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(entries.get(0).previousHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(entries.get(1).previousHash()).isEqualTo(entries.get(0).hash());
    }

    @Test
    void theHashIsReproducibleFromTheDocumentedEnvelope() throws Exception {
        AuditEntry first = chainOf(1).get(0);
        // Timestamps are kept to the microsecond, as PostgreSQL stores them.
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2025-03-03T10:00:00.123456Z"));
        assertThat(first.payloadJson()).isEqualTo("{\"note\":\"ok 1\",\"occurrences\":1,\"to\":\"ACKNOWLEDGED\"}");
        String envelope = "{\"action\":\"alert.changed\",\"actor\":\"system\",\"payload\":" + first.payloadJson()
                + ",\"previousHash\":\"" + "0".repeat(64) + "\",\"sequence\":1,\"subject\":\"alert:a1\""
                + ",\"timestamp\":\"2025-03-03T10:00:00.123456Z\"}";
        String independent = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(envelope.getBytes(StandardCharsets.UTF_8)));
        assertThat(first.hash()).isEqualTo(independent);
    }

    @Test
    void timestampsAlwaysHaveSixFractionalDigits() {
        assertThat(AuditChain.timestampText(Instant.parse("2025-03-03T10:00:00Z")))
                .isEqualTo("2025-03-03T10:00:00.000000Z");
        assertThat(AuditChain.timestampText(Instant.parse("2025-03-03T10:00:00.5Z")))
                .isEqualTo("2025-03-03T10:00:00.500000Z");
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                tamper("changed payload", 3, l -> with(l, 2, e -> copy(e, e.actor(), e.subject(),
                        e.payloadJson().replace("ACKNOWLEDGED", "RESOLVED"), e.timestamp())), "hash mismatch"),
                tamper("changed actor", 2, l -> with(l, 1, e -> copy(e, "admin", e.subject(), e.payloadJson(),
                        e.timestamp())), "hash mismatch"),
                tamper("back-dated timestamp", 5, l -> with(l, 4, e -> copy(e, e.actor(), e.subject(),
                        e.payloadJson(), e.timestamp().minusSeconds(3600))), "hash mismatch"),
                tamper("payload reformatted by jsonb", 1, l -> with(l, 0, e -> copy(e, e.actor(), e.subject(),
                        "{\"to\": \"ACKNOWLEDGED\", \"note\": \"ok 1\", \"occurrences\": 1}", e.timestamp())),
                        "hash mismatch"),
                tamper("deleted row", 3, l -> without(l, 2), "expected sequence 3, found 4"),
                tamper("deleted first row", 1, l -> without(l, 0), "expected sequence 1, found 2"),
                tamper("reordered rows", 3, l -> swap(l, 2, 3), "expected sequence 3, found 4"),
                tamper("duplicated row", 4, l -> duplicate(l, 2), "expected sequence 4, found 3"),
                tamper("changed and re-hashed row", 4, l -> with(l, 2, e -> rehash(copy(e, e.actor(), e.subject(),
                        "{}", e.timestamp()))), "previous-hash link broken"),
                tamper("foreign first row", 1, l -> with(l, 0, e -> rehash(new AuditEntry(1, e.timestamp(),
                        e.actor(), e.action(), e.subject(), e.payloadJson(), "f".repeat(64), ""))),
                        "previous-hash link broken"));
    }

    @ParameterizedTest(name = "{0} -> broken at {1}")
    @MethodSource("tampering")
    void tamperingIsFoundAtTheFirstBrokenLink(String name, long brokenAt, UnaryOperator<List<AuditEntry>> tamper,
                                              String reason) {
        var result = AuditChain.verify(tamper.apply(chainOf(6)));
        assertThat(result.ok()).isFalse();
        assertThat(result.brokenAtSequence()).isEqualTo(brokenAt);
        assertThat(result.reason()).contains(reason);
        assertThat(result.headHash()).isNull();
    }

    @Test
    void rowsCutFromTheEndNeedAnAnchorToBeSeen() {
        List<AuditEntry> entries = chainOf(6);
        String anchoredHead = entries.get(5).hash();
        List<AuditEntry> truncated = entries.subList(0, 4);
        assertThat(AuditChain.verify(truncated).ok()).as("consistent on its own").isTrue();
        var result = AuditChain.verify(truncated, anchoredHead);
        assertThat(result.ok()).isFalse();
        assertThat(result.brokenAtSequence()).isEqualTo(5);
        assertThat(result.reason()).contains("removed from the end");
        // An anchor taken earlier is still found when the chain has grown since.
        assertThat(AuditChain.verify(entries, entries.get(3).hash()).ok()).isTrue();
    }

    @Test
    void anEmptyChainIsIntact() {
        assertThat(AuditChain.verify(List.of())).satisfies(r -> {
            assertThat(r.ok()).isTrue();
            assertThat(r.headHash()).isEqualTo(AuditChain.GENESIS);
        });
    }

    private static Arguments tamper(String name, long brokenAt, UnaryOperator<List<AuditEntry>> how, String reason) {
        return Arguments.of(name, brokenAt, how, reason);
    }

    private static List<AuditEntry> with(List<AuditEntry> l, int index, UnaryOperator<AuditEntry> change) {
        List<AuditEntry> copy = new ArrayList<>(l);
        copy.set(index, change.apply(copy.get(index)));
        return copy;
    }

    private static List<AuditEntry> without(List<AuditEntry> l, int index) {
        List<AuditEntry> copy = new ArrayList<>(l);
        copy.remove(index);
        return copy;
    }

    private static List<AuditEntry> swap(List<AuditEntry> l, int i, int j) {
        List<AuditEntry> copy = new ArrayList<>(l);
        AuditEntry tmp = copy.get(i);
        copy.set(i, copy.get(j));
        copy.set(j, tmp);
        return copy;
    }

    private static List<AuditEntry> duplicate(List<AuditEntry> l, int index) {
        List<AuditEntry> copy = new ArrayList<>(l);
        copy.add(index + 1, copy.get(index));
        return copy;
    }

    private static AuditEntry copy(AuditEntry e, String actor, String subject, String payload, Instant at) {
        return new AuditEntry(e.sequence(), at, actor, e.action(), subject, payload, e.previousHash(), e.hash());
    }

    private static AuditEntry rehash(AuditEntry e) {
        return new AuditEntry(e.sequence(), e.timestamp(), e.actor(), e.action(), e.subject(), e.payloadJson(),
                e.previousHash(), AuditChain.hashOf(e));
    }
}
