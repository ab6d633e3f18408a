package org.vigie.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.drift.domain.DriftSettings;

/**
 * Plain JUnit (DirectDriver, no broker): the join-expiry index holds chunks of event ids per time bucket; joins
 * whose outcome never came are deleted once their bucket is past the TTL, answered joins are left alone, a restart
 * continues the current chunk, and single-entry index records written before the chunks still expire.
 */
class JoinExpiryTest {

    private static final Duration TTL = Duration.ofHours(2);
    private static final DriftSettings SETTINGS = FeatureShiftScenario.settings().withJoinTtl(TTL);
    private static final Instant T0 = Devices.START;

    @Test
    void unanswered_joins_expire_after_the_ttl_and_answered_ones_are_not_counted_twice() {
        DirectDriver d = start();
        InferenceEvent unanswered = infer(d, T0);
        InferenceEvent answered = infer(d, T0.plusSeconds(10));
        d.label(Devices.outcome(answered, 1, T0.plusSeconds(20)));
        KeyValueStore<String, byte[]> joins = d.store(DriftTopology.JOIN_STORE);
        assertThat(joins.get(unanswered.eventId().toString())).isNotNull();
        assertThat(joins.get(answered.eventId().toString())).isNull();

        // Just before the TTL (and within the bucket's width after it) the join is kept.
        infer(d, T0.plus(TTL).minusSeconds(1));
        assertThat(joins.get(unanswered.eventId().toString())).isNotNull();
        // Once the whole bucket is past the horizon, the join and the bucket's chunk are gone.
        long bucket = DeviceMonitor.expiryBucket(SETTINGS);
        infer(d, T0.plus(TTL).plusMillis(2 * bucket));
        assertThat(joins.get(unanswered.eventId().toString())).isNull();
        assertThat(indexedIds(d)).doesNotContain(unanswered.eventId(), answered.eventId());
    }

    @Test
    void a_restart_continues_the_current_chunk_and_keeps_chunks_bounded() {
        DirectDriver d = start();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            ids.add(infer(d, T0.plusMillis(100L * i)).eventId());
            if (i == 70 || i == 100) {
                d.restart();
            }
        }
        List<KeyValue<String, byte[]>> chunks = entries(d);
        assertThat(chunks).allSatisfy(kv -> assertThat(kv.value.length).isBetween(16, 16 * DeviceMonitor.EXPIRY_CHUNK));
        assertThat(chunks).hasSize(3);
        assertThat(indexedIds(d)).containsExactlyElementsOf(ids);
    }

    @Test
    void index_entries_written_before_the_chunks_still_expire() {
        DirectDriver d = start();
        InferenceEvent current = infer(d, T0);
        // A join and its index entry as the previous version wrote them: one entry per inference, empty value.
        UUID legacy = UUID.randomUUID();
        long legacyTime = T0.plusSeconds(30).toEpochMilli();
        KeyValueStore<String, byte[]> joins = d.store(DriftTopology.JOIN_STORE);
        KeyValueStore<String, byte[]> index = d.store(DriftTopology.JOIN_EXPIRY_STORE);
        joins.put(legacy.toString(), new Pending.Join(DeviceMonitor.seriesKey(FeatureShiftScenario.DEVICE,
                FeatureShiftScenario.VERSION, null), "pane", 0, legacyTime, 0.5, false, List.of()).toBytes());
        index.put(DeviceMonitor.pad(legacyTime, 13) + "|" + legacy, new byte[0]);
        d.restart();

        infer(d, T0.plus(TTL).plusMillis(2 * DeviceMonitor.expiryBucket(SETTINGS)));
        assertThat(joins.get(legacy.toString())).isNull();
        assertThat(joins.get(current.eventId().toString())).isNull();
        assertThat(entries(d)).extracting(kv -> kv.key).noneMatch(k -> k.contains("|"));
    }

    private static DirectDriver start() {
        DirectDriver d = new DirectDriver(SETTINGS);
        d.register(FeatureShiftScenario.registration(FeatureShiftScenario.DEVICE));
        return d;
    }

    private static InferenceEvent infer(DirectDriver d, Instant at) {
        InferenceEvent e = Devices.inference(FeatureShiftScenario.DEVICE, FeatureShiftScenario.VERSION, at,
                Devices.features("age", 0.1, FeatureShiftScenario.SHIFTED, 0.2, "density", 0.3, "view", "CC"), 0.4, Map.of());
        d.infer(e);
        return e;
    }

    private static List<KeyValue<String, byte[]>> entries(DirectDriver d) {
        List<KeyValue<String, byte[]>> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = d.<byte[]>store(DriftTopology.JOIN_EXPIRY_STORE).all()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<UUID> indexedIds(DirectDriver d) {
        List<UUID> ids = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (KeyValue<String, byte[]> kv : entries(d)) {
            ByteBuffer b = ByteBuffer.wrap(kv.value);
            while (b.remaining() >= 16) {
                UUID id = new UUID(b.getLong(), b.getLong());
                assertThat(seen.add(id)).as("indexed once: " + id).isTrue();
                ids.add(id);
            }
        }
        return ids;
    }
}
