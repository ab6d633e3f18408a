package org.vigie.observatory.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.observatory.it.Telemetry.awaitNumber;
import static org.vigie.observatory.it.Telemetry.number;
import static org.vigie.observatory.it.Telemetry.rows;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.OutcomeSource;
import org.vigie.contracts.events.UsageAction;
import org.vigie.contracts.topics.Topics;
import org.vigie.testkit.VigieTestResource;

/**
 * The rollup path on a real broker and a real database: totals equal the events sent, and sending every event
 * again (a replay: the same eventIds at new offsets) leaves every rollup row unchanged.
 */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
@WithTestResource(GrafanaRoleResource.class)
class RollupExactnessTest {

    private static final String P = "exact";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void totalsEqualTheEventsSentAndAReplayChangesNothing() {
        Events events = Events.generate(42, P, Instant.parse("2026-01-05T00:00:00Z"), 2, 2, new String[] {"11", "84"}, 3,
                new int[] {7, 25, 60});
        // One outcome arrives before its inference (it waits, then labels it), and one names no inference at all.
        InferenceEvent late = new InferenceEvent(null, 1, UUID.randomUUID(), P + "-dev-0", "1.0", P + "-11-site-0", "chu",
                "11", Instant.parse("2026-01-05T10:15:00Z"), "case-late", null, 0.3, 0, null, 200.0, null);
        OutcomeEvent early = new OutcomeEvent(null, 1, UUID.randomUUID(), P + "-dev-0", late.eventId(), null, 1,
                OutcomeSource.FOLLOW_UP, Instant.parse("2026-01-06T10:00:00Z"));
        OutcomeEvent byCase = new OutcomeEvent(null, 1, UUID.randomUUID(), P + "-dev-0", null, "case-x", 1,
                OutcomeSource.FOLLOW_UP, Instant.parse("2026-01-06T10:00:00Z"));
        Telemetry.send(Topics.OUTCOMES, List.of(early, byCase), OutcomeEvent::deviceId);
        awaitNumber("SELECT count(*) FROM observatory.outcome_pending WHERE inference_event_id = '" + late.eventId() + "'", 1, WAIT);
        events.inferences.add(late);
        List<OutcomeEvent> outcomes = new ArrayList<>(events.outcomes);
        outcomes.add(early);

        sendAll(events);
        long inferences = events.inferences.size();
        long labelled = outcomes.stream().map(OutcomeEvent::inferenceEventId).distinct().count();
        String mine = " WHERE device_id LIKE '" + P + "-%'";
        awaitNumber("SELECT coalesce(sum(inferences), 0) FROM observatory.inference_day" + mine, inferences, WAIT);
        awaitNumber("SELECT coalesce(sum(labelled), 0) FROM observatory.inference_day" + mine, labelled, WAIT);
        awaitNumber("SELECT coalesce(sum(viewed + accepted + overridden + ignored), 0) FROM observatory.usage_day" + mine,
                events.usages.size(), WAIT);
        awaitNumber("SELECT coalesce(sum(reports), 0) FROM observatory.feedback_day" + mine, events.feedback.size(), WAIT);

        // Hourly and daily agree with each other and with the events, measure by measure.
        assertThat(number("SELECT sum(inferences) FROM observatory.inference_hour" + mine)).isEqualTo(inferences);
        assertThat(number("SELECT sum(labelled) FROM observatory.inference_hour" + mine)).isEqualTo(labelled);
        assertThat(number("SELECT sum(accepted) FROM observatory.usage_hour" + mine))
                .isEqualTo(events.usages.stream().filter(u -> u.action() == UsageAction.ACCEPTED).count());
        assertThat(number("SELECT sum(measured) FROM observatory.inference_day" + mine))
                .isEqualTo(events.inferences.stream().filter(i -> i.energyJoules() != null).count());
        assertThat(number("SELECT sum(n) FROM observatory.latency_day" + mine)).isEqualTo(inferences);
        assertThat(number("SELECT sum(inferences) FROM observatory.inference_day WHERE site_id = '" + P + "-11-site-0'"
                + " AND bucket = '2026-01-05T00:00:00Z'")).isEqualTo(
                events.inferences.stream().filter(i -> i.siteId().equals(P + "-11-site-0")
                        && i.occurredAt().isBefore(Instant.parse("2026-01-06T00:00:00Z"))).count());
        Set<String> sites = events.inferences.stream().map(InferenceEvent::siteId).collect(Collectors.toSet());
        assertThat(number("SELECT count(*) FROM observatory.site WHERE site_id LIKE '" + P + "-%'")).isEqualTo(sites.size());

        List<List<String>> before = snapshot(mine);
        long duplicatesBefore = number("SELECT count(*) FROM observatory.event_seen");

        sendAll(events); // the replay
        Telemetry.send(Topics.OUTCOMES, List.of(early), OutcomeEvent::deviceId);
        // The replay has been applied when the service has counted every replayed event as a duplicate, and a fresh
        // event sent after it (outside this test's devices and sites) has been applied.
        InferenceEvent marker = new InferenceEvent(null, 1, UUID.randomUUID(), "marker-" + P, "1.0", "marker-site", "chu",
                "11", Instant.parse("2026-01-07T10:00:00Z"), "m", null, 0.5, 0, null, null, null);
        Telemetry.send(Topics.INFERENCES, List.of(marker), InferenceEvent::deviceId);
        awaitNumber("SELECT count(*) FROM observatory.inference_seen WHERE event_id = '" + marker.eventId() + "'", 1, WAIT);
        awaitDuplicates(events.size() + 1);

        assertThat(snapshot(mine)).isEqualTo(before);
        assertThat(number("SELECT count(*) FROM observatory.event_seen")).isEqualTo(duplicatesBefore);
    }

    @Test
    void offsetsAreCommittedOnceABatchIsApplied() throws Exception {
        // A batch the service never acknowledged commits no offset: every restart would replay the topics from
        // the start, and the "throttled" strategy failed the channel after 60 s. Applied batches must commit.
        InferenceEvent marker = new InferenceEvent(null, 1, UUID.randomUUID(), "offsets-" + UUID.randomUUID(), "1.0",
                "offsets-site", "chu", "11", Instant.parse("2026-01-07T10:00:00Z"), "m", null, 0.5, 0, null, null, null);
        Telemetry.send(Topics.INFERENCES, List.of(marker), InferenceEvent::deviceId);
        awaitNumber("SELECT count(*) FROM observatory.inference_seen WHERE event_id = '" + marker.eventId() + "'", 1, WAIT);
        try (org.apache.kafka.clients.admin.Admin admin = org.vigie.testkit.KafkaBroker.get().admin()) {
            java.time.Instant deadline = java.time.Instant.now().plus(WAIT);
            while (true) {
                var committed = admin.listConsumerGroupOffsets("vigie-observatory-service")
                        .partitionsToOffsetAndMetadata().get();
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
                admin.describeTopics(List.of(Topics.INFERENCES.name())).allTopicNames().get().get(Topics.INFERENCES.name())
                        .partitions().forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(
                                Topics.INFERENCES.name(), p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                // Every partition holding records has its offset committed up to its end.
                List<String> behind = new ArrayList<>();
                ends.forEach((tp, end) -> {
                    var c = committed.get(tp);
                    if (end.offset() > 0 && (c == null || c.offset() < end.offset())) {
                        behind.add(tp + " at " + (c == null ? "none" : c.offset()) + " of " + end.offset());
                    }
                });
                if (behind.isEmpty()) {
                    break;
                }
                assertThat(java.time.Instant.now()).as("inference offsets not committed: %s", behind).isBefore(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static void sendAll(Events events) {
        Telemetry.send(Topics.INFERENCES, events.inferences, InferenceEvent::deviceId);
        Telemetry.send(Topics.USAGES, events.usages, e -> e.deviceId());
        Telemetry.send(Topics.OUTCOMES, events.outcomes, OutcomeEvent::deviceId);
        Telemetry.send(Topics.FEEDBACK, events.feedback, e -> e.deviceId());
    }

    private static List<List<String>> snapshot(String mine) {
        List<List<String>> tables = new ArrayList<>();
        for (String table : List.of("inference_hour", "inference_day", "usage_hour", "usage_day", "feedback_hour",
                "feedback_day", "latency_hour", "latency_day")) {
            tables.add(rows("SELECT * FROM observatory." + table + mine + " ORDER BY 1, 2, 3"
                    + (table.startsWith("latency") ? "" : ", 4, 5")));
        }
        tables.add(rows("SELECT * FROM observatory.site WHERE site_id LIKE '" + P + "-%' ORDER BY 1"));
        return tables;
    }

    /** Waits until the service has recognised at least this many more replayed events as duplicates. */
    private static void awaitDuplicates(int replayed) {
        Instant deadline = Instant.now().plus(WAIT);
        double seen = 0;
        while (Instant.now().isBefore(deadline)) {
            seen = Metrics.value("vigie_observatory_events_applied_total", "outcome=\"duplicate\"");
            if (seen >= replayed) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(seen).as("replayed events recognised as duplicates").isGreaterThanOrEqualTo(replayed);
    }
}
