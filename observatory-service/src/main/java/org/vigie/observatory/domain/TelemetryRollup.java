package org.vigie.observatory.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.UsageEvent;

/**
 * What a fresh (never applied) telemetry event adds to the rollups. Plain Java: this decides what a count is —
 * which cell an event counts in and with which measures; the store sums the events per cell (in SQL, over exactly
 * the events its eventId insert returned as fresh) and merges the latency sketches built here.
 *
 * <ul>
 *   <li>inference cells (bucket, device, version, site, region): inferences, labelled, measured (with
 *       joules), measured joules, unmeasured but timed (latency known, no joules), their runtime in ms —
 *       enough for energy by measured joules or by the Green Algorithms estimate at query time;</li>
 *   <li>usage cells (… , specialty): viewed, accepted, overridden, ignored;</li>
 *   <li>feedback cells (… , category, harm): reports;</li>
 *   <li>latency sketches per (bucket, device, version), one instance of this class per granularity.</li>
 * </ul>
 * Missing dimensions are counted under {@value #UNKNOWN} rather than dropped: totals must equal the events.
 */
public final class TelemetryRollup {

    public static final String UNKNOWN = "unknown";

    public static final List<String> INFERENCE_MEASURES = List.of("inferences", "labelled", "measured",
            "measured_joules", "unmeasured_timed", "unmeasured_runtime_ms");
    public static final List<String> USAGE_MEASURES = List.of("viewed", "accepted", "overridden", "ignored");
    public static final List<String> FEEDBACK_MEASURES = List.of("reports");

    private final TimeBucket granularity;
    private final Map<LatencyKey, LatencySketch> latency = new HashMap<>();

    public TelemetryRollup(TimeBucket granularity) {
        this.granularity = granularity;
    }

    /** Where an inference is counted; also what an outcome for it adds its label to. */
    public record InferenceCell(Instant hour, String deviceId, String modelVersion, String siteId, String region) {
        public static InferenceCell of(InferenceEvent e) {
            return new InferenceCell(TimeBucket.HOUR.start(e.occurredAt()), e.deviceId(), orUnknown(e.modelVersion()),
                    orUnknown(e.siteId()), orUnknown(e.region()));
        }
    }

    /** The key of a latency sketch; ordered by bucket, device, version (the order in which the store locks them). */
    public record LatencyKey(Instant bucket, String deviceId, String modelVersion) implements Comparable<LatencyKey> {
        @Override
        public int compareTo(LatencyKey o) {
            int c = bucket.compareTo(o.bucket);
            c = c != 0 ? c : deviceId.compareTo(o.deviceId);
            return c != 0 ? c : modelVersion.compareTo(o.modelVersion);
        }
    }

    /** The joules of an inference that measured them (finite, not negative): it counts as measured; else null. */
    public static Double measuredJoules(InferenceEvent e) {
        Double j = e.energyJoules();
        return j != null && Double.isFinite(j) && j >= 0 ? j : null;
    }

    /**
     * The runtime in ms of an inference that did not measure its joules but was timed (finite, not negative latency):
     * it counts as unmeasured but timed, for the Green Algorithms estimate; else null.
     */
    public static Double unmeasuredRuntimeMs(InferenceEvent e) {
        Double ms = e.latencyMs();
        return measuredJoules(e) == null && ms != null && Double.isFinite(ms) && ms >= 0 ? ms : null;
    }

    /** The usage measure a clinician's action counts in: an index into {@link #USAGE_MEASURES}. */
    public static int action(UsageEvent e) {
        return USAGE_MEASURES.indexOf(e.action().name().toLowerCase(Locale.ROOT));
    }

    public static String specialty(UsageEvent e) {
        return e.specialty() == null || e.specialty().isBlank() ? "unspecified" : e.specialty().trim().toLowerCase(Locale.ROOT);
    }

    public static String category(FeedbackEvent e) {
        return lower(e.category());
    }

    public static String harm(FeedbackEvent e) {
        return lower(e.harm());
    }

    /** Adds a fresh inference's latency to the sketch of its (bucket, device, version). */
    public void latency(InferenceEvent e) {
        if (e.latencyMs() != null) {
            latency.computeIfAbsent(new LatencyKey(granularity.start(e.occurredAt()), e.deviceId(), orUnknown(e.modelVersion())),
                    k -> LatencySketch.empty()).add(e.latencyMs());
        }
    }

    public Map<LatencyKey, LatencySketch> latency() {
        return latency;
    }

    public TimeBucket granularity() {
        return granularity;
    }

    public static String orUnknown(String s) {
        return s == null || s.isBlank() ? UNKNOWN : s;
    }

    private static String lower(Enum<?> e) {
        return e == null ? UNKNOWN : e.name().toLowerCase(Locale.ROOT);
    }
}
