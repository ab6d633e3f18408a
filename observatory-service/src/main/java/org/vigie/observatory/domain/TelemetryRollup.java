package org.vigie.observatory.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.UsageEvent;

/**
 * What a batch of fresh (never applied) telemetry adds to the rollups, at one granularity (hour or day).
 * Plain Java: the store writes the result, this decides what a count is.
 *
 * <ul>
 *   <li>inference cells (bucket, device, version, site, region): inferences, labelled, measured (with
 *       joules), measured joules, unmeasured but timed (latency known, no joules), their runtime in ms —
 *       enough for energy by measured joules or by the Green Algorithms estimate at query time;</li>
 *   <li>usage cells (… , specialty): viewed, accepted, overridden, ignored;</li>
 *   <li>feedback cells (… , category, harm): reports;</li>
 *   <li>latency sketches per (bucket, device, version).</li>
 * </ul>
 * Missing dimensions are counted under {@value #UNKNOWN} rather than dropped: totals must equal the events.
 */
public final class TelemetryRollup {

    public static final String UNKNOWN = "unknown";

    public static final int INFERENCES = 0;
    public static final int LABELLED = 1;
    public static final int MEASURED = 2;
    public static final int MEASURED_JOULES = 3;
    public static final int UNMEASURED_TIMED = 4;
    public static final int UNMEASURED_RUNTIME_MS = 5;
    public static final List<String> INFERENCE_MEASURES = List.of("inferences", "labelled", "measured",
            "measured_joules", "unmeasured_timed", "unmeasured_runtime_ms");
    public static final List<String> USAGE_MEASURES = List.of("viewed", "accepted", "overridden", "ignored");
    public static final List<String> FEEDBACK_MEASURES = List.of("reports");

    private final TimeBucket granularity;
    private final CellDeltas inferences = new CellDeltas(INFERENCE_MEASURES.size());
    private final CellDeltas usages = new CellDeltas(USAGE_MEASURES.size());
    private final CellDeltas feedback = new CellDeltas(FEEDBACK_MEASURES.size());
    private final Map<List<Object>, LatencySketch> latency = new LinkedHashMap<>();

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

    public void inference(InferenceEvent e, boolean alreadyLabelled) {
        List<Object> key = inferenceKey(InferenceCell.of(e));
        inferences.add(key, INFERENCES, 1);
        if (alreadyLabelled) {
            inferences.add(key, LABELLED, 1);
        }
        if (e.energyJoules() != null && Double.isFinite(e.energyJoules()) && e.energyJoules() >= 0) {
            inferences.add(key, MEASURED, 1);
            inferences.add(key, MEASURED_JOULES, e.energyJoules());
        } else if (e.latencyMs() != null && Double.isFinite(e.latencyMs()) && e.latencyMs() >= 0) {
            inferences.add(key, UNMEASURED_TIMED, 1);
            inferences.add(key, UNMEASURED_RUNTIME_MS, e.latencyMs());
        }
        if (e.latencyMs() != null) {
            latency.computeIfAbsent(List.of(granularity.start(e.occurredAt()), e.deviceId(), orUnknown(e.modelVersion())),
                    k -> LatencySketch.empty()).add(e.latencyMs());
        }
    }

    /** An outcome that labels an inference counted earlier (each inference is labelled once). */
    public void labelled(InferenceCell cell) {
        inferences.add(inferenceKey(cell), LABELLED, 1);
    }

    public void usage(UsageEvent e) {
        List<Object> key = List.of(granularity.start(e.occurredAt()), e.deviceId(), orUnknown(e.modelVersion()),
                orUnknown(e.siteId()), orUnknown(e.region()), e.specialty() == null || e.specialty().isBlank()
                        ? "unspecified" : e.specialty().trim().toLowerCase(Locale.ROOT));
        usages.add(key, USAGE_MEASURES.indexOf(e.action().name().toLowerCase(Locale.ROOT)), 1);
    }

    public void feedback(FeedbackEvent e) {
        List<Object> key = List.of(granularity.start(e.reportedAt()), e.deviceId(), orUnknown(e.modelVersion()),
                orUnknown(e.siteId()), orUnknown(e.region()), lower(e.category()), lower(e.harm()));
        feedback.add(key, 0, 1);
    }

    private List<Object> inferenceKey(InferenceCell c) {
        return List.of(granularity.start(c.hour()), c.deviceId(), c.modelVersion(), c.siteId(), c.region());
    }

    public CellDeltas inferences() {
        return inferences;
    }

    public CellDeltas usages() {
        return usages;
    }

    public CellDeltas feedback() {
        return feedback;
    }

    public Map<List<Object>, LatencySketch> latency() {
        return latency;
    }

    public TimeBucket granularity() {
        return granularity;
    }

    static String orUnknown(String s) {
        return s == null || s.isBlank() ? UNKNOWN : s;
    }

    private static String lower(Enum<?> e) {
        return e == null ? UNKNOWN : e.name().toLowerCase(Locale.ROOT);
    }
}
