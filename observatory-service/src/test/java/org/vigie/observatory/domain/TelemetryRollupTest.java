package org.vigie.observatory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.UsageAction;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.observatory.domain.TelemetryRollup.LatencyKey;

/** What one event adds to the rollups (plain JUnit, no Quarkus). */
class TelemetryRollupTest {

    private static final Instant AT = Instant.parse("2026-01-05T10:15:00Z");

    private static InferenceEvent inference(String version, String site, Double latencyMs, Double joules) {
        return new InferenceEvent(null, 1, UUID.randomUUID(), "d", version, site, "chu", null, AT, null, null, 0.5, 1, null,
                latencyMs, joules);
    }

    @Test
    void anInferenceIsMeasuredByItsJoulesElseTimedByItsLatencyElseNeither() {
        InferenceEvent measured = inference("1", "s", 120.0, 3.5);
        assertThat(TelemetryRollup.measuredJoules(measured)).isEqualTo(3.5);
        assertThat(TelemetryRollup.unmeasuredRuntimeMs(measured)).isNull();

        InferenceEvent timed = inference("1", "s", 120.0, null);
        assertThat(TelemetryRollup.measuredJoules(timed)).isNull();
        assertThat(TelemetryRollup.unmeasuredRuntimeMs(timed)).isEqualTo(120.0);

        // Joules that cannot be right do not count as measured: the latency then times the inference.
        InferenceEvent badJoules = inference("1", "s", 80.0, -1.0);
        assertThat(TelemetryRollup.measuredJoules(badJoules)).isNull();
        assertThat(TelemetryRollup.unmeasuredRuntimeMs(badJoules)).isEqualTo(80.0);

        InferenceEvent neither = inference("1", "s", Double.NaN, Double.POSITIVE_INFINITY);
        assertThat(TelemetryRollup.measuredJoules(neither)).isNull();
        assertThat(TelemetryRollup.unmeasuredRuntimeMs(neither)).isNull();
    }

    @Test
    void missingDimensionsCountAsUnknownAndSpecialtiesAreNormalised() {
        TelemetryRollup.InferenceCell cell = TelemetryRollup.InferenceCell.of(inference(" ", null, null, null));
        assertThat(cell.hour()).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));
        assertThat(cell.modelVersion()).isEqualTo("unknown");
        assertThat(cell.siteId()).isEqualTo("unknown");
        assertThat(cell.region()).isEqualTo("unknown");

        UsageEvent usage = new UsageEvent(null, 1, UUID.randomUUID(), "d", "1", "s", "r", AT, null, UsageAction.OVERRIDDEN,
                "md", " Radiology ");
        assertThat(TelemetryRollup.specialty(usage)).isEqualTo("radiology");
        assertThat(TelemetryRollup.USAGE_MEASURES.get(TelemetryRollup.action(usage))).isEqualTo("overridden");
    }

    @Test
    void latencySketchesAreKeptPerBucketDeviceAndVersion() {
        TelemetryRollup day = new TelemetryRollup(TimeBucket.DAY);
        day.latency(inference("1", "s1", 100.0, null));
        day.latency(inference("1", "s2", 300.0, null));
        day.latency(inference("2", "s1", 50.0, null));
        day.latency(inference("2", "s1", null, null));
        assertThat(day.latency()).hasSize(2);
        LatencySketch v1 = day.latency().get(new LatencyKey(Instant.parse("2026-01-05T00:00:00Z"), "d", "1"));
        assertThat(v1.count()).isEqualTo(2);
        assertThat(new LatencyKey(AT, "d", "1")).isLessThan(new LatencyKey(AT, "d", "2"))
                .isLessThan(new LatencyKey(AT.plusSeconds(1), "a", "1"));
    }
}
