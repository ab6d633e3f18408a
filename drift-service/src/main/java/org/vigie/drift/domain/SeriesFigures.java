package org.vigie.drift.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.WindowKind;

/**
 * The latest judged windows of one (device, version[, site]) series, as the query API shows them: every
 * figure that was computed, whether or not it raised a condition, with n, value, interval, p-value and
 * label completeness.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeriesFigures(String deviceId, String modelVersion, String siteId, WindowKind windowKind,
                            String reference, WindowFigures drift, WindowFigures performance) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WindowFigures(WindowKind kind, Instant start, Instant end, long inferences, Double labelledShare,
                                String note, List<Figure> figures) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Figure(String kind, String metric, String feature, String subgroup, String status, long n,
                         Double value, Double claim, Double lower, Double upper, Double pValue, Double labelledShare,
                         boolean estimate) {

        public static Figure of(Finding f) {
            DriftSignal s = f.evidence();
            return new Figure(s.kind().name().toLowerCase(java.util.Locale.ROOT), s.metric(), s.feature(), s.subgroup(),
                    f.status().name().toLowerCase(java.util.Locale.ROOT), s.sampleSizes().n(), s.value(), s.claim(),
                    s.interval() == null ? null : s.interval().lower(), s.interval() == null ? null : s.interval().upper(),
                    s.pValue(), s.sampleSizes().labelledShare(), s.estimate());
        }
    }

    public SeriesFigures withDrift(WindowFigures w, String ref) {
        return new SeriesFigures(deviceId, modelVersion, siteId, w.kind(), ref, w, performance);
    }

    public SeriesFigures withPerformance(WindowFigures w) {
        return new SeriesFigures(deviceId, modelVersion, siteId, windowKind, reference, drift, w);
    }
}
