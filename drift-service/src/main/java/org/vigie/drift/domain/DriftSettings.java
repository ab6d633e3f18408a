package org.vigie.drift.domain;

import java.time.Duration;

/**
 * Every tunable of the drift service in one plain value, so that the topology and its tests need no
 * framework: the Quarkus configuration ({@code vigie.drift.*}) maps onto it, tests build it with
 * {@link #defaults()} and the {@code with…} copies.
 *
 * @param windowLength        event-time window length (e.g. 7 days)
 * @param windowHop           hop between window ends (e.g. 1 day); panes are hop-sized
 * @param grace               how long after a window's end late events are still accepted
 * @param labelDelay          extra wait before a window's performance is judged, so late labels count
 * @param perSite             one series of windows per (device, version, site) instead of per (device, version)
 * @param minWindowEvents     a window with fewer inferences is not tested; a full time window below it
 *                            switches the series to count windows (when countWindowEvents &gt; 0)
 * @param countWindowEvents   size of the tumbling count windows for low-volume series (0: never switch)
 * @param countLabelDelayWindows performance of count window s is judged when window s + this fills
 * @param pendingBatch        events buffered per pane before they are folded into its summaries
 * @param falseDiscoveryRate  Benjamini–Hochberg q across the features (and score) of a window
 * @param minimumEffect       minimum drift effect (KS D, Cramér's V) for a signal
 * @param claimConfidence     one-sided confidence of the bound compared with a claim
 * @param minimumClaimCases   minimum relevant cases for proportion claims and AUC (positives for sensitivity, …)
 * @param minimumCalibrationCases minimum labelled cases for ECE and Brier claims
 * @param subgroup            subgroup-gap policy (minimum group sizes, minimum gap, correction)
 * @param usageAlpha          two-sided level of the override/ignore-rate test
 * @param usageMinimumDifference minimum rise of the override/ignore rate for a signal
 * @param usageMinimumEvents  minimum usage events of a site for a baseline and for a test
 * @param errorBaselineLabels labelled cases that set the in-control error rate of the sequential detectors
 * @param errorTargetArl      in-control average run length (labelled cases between false alarms) of the CUSUM bank
 * @param errorRelativeShifts the bank's CUSUMs are tuned to p0·(1 + r) for each relative rise r
 * @param errorBaselineConfidence confidence of the upper bound of p0 at which the ARL target is guaranteed
 * @param adwinDelta          ADWIN confidence; NaN disables ADWIN (CUSUM only)
 * @param regressionAlpha     two-sided level of the version-regression test
 * @param regressionMinimumDifference minimum drop against the previous version for a signal
 * @param fireAfter           consecutive windows a condition must hold before it fires
 * @param clearAfter          consecutive windows it must be absent before it re-arms
 * @param joinTtl             how long an inference waits for its outcome in the join store
 * @param evaluationInterval  stream-time period of the punctuation that closes windows and expires joins
 */
public record DriftSettings(
        Duration windowLength,
        Duration windowHop,
        Duration grace,
        Duration labelDelay,
        boolean perSite,
        long minWindowEvents,
        long countWindowEvents,
        int countLabelDelayWindows,
        int pendingBatch,
        double falseDiscoveryRate,
        double minimumEffect,
        double claimConfidence,
        long minimumClaimCases,
        long minimumCalibrationCases,
        SubgroupGapPolicy subgroup,
        double usageAlpha,
        double usageMinimumDifference,
        long usageMinimumEvents,
        long errorBaselineLabels,
        double errorTargetArl,
        java.util.List<Double> errorRelativeShifts,
        double errorBaselineConfidence,
        double adwinDelta,
        double regressionAlpha,
        double regressionMinimumDifference,
        int fireAfter,
        int clearAfter,
        Duration joinTtl,
        Duration evaluationInterval) {

    public DriftSettings {
        if (windowHop.isZero() || windowHop.isNegative() || windowLength.toMillis() % windowHop.toMillis() != 0) {
            throw new IllegalArgumentException("window length must be a positive multiple of the hop");
        }
        errorRelativeShifts = java.util.List.copyOf(errorRelativeShifts);
        if (errorRelativeShifts.isEmpty() || errorRelativeShifts.stream().anyMatch(r -> !(r > 0))) {
            throw new IllegalArgumentException("error-stream relative shifts must be non-empty and > 0");
        }
        if (!(errorBaselineConfidence > 0.5 && errorBaselineConfidence < 1)) {
            throw new IllegalArgumentException("error-stream baseline confidence must be in (0.5, 1)");
        }
        if (pendingBatch < 1 || fireAfter < 1 || clearAfter < 1) {
            throw new IllegalArgumentException("pendingBatch, fireAfter and clearAfter must be >= 1");
        }
    }

    /** Default rises the error-stream CUSUM bank is tuned to: +10 %, +25 %, +50 %, +100 %. */
    public static final java.util.List<Double> DEFAULT_RELATIVE_SHIFTS = java.util.List.of(0.1, 0.25, 0.5, 1.0);
    public static final long DEFAULT_BASELINE_LABELS = 5000;

    public static DriftSettings defaults() {
        return new DriftSettings(Duration.ofDays(7), Duration.ofDays(1), Duration.ofHours(1), Duration.ZERO, false,
                200, 1000, 1, 256, 0.05, 0.1, 0.95, 100, 1000, SubgroupGapPolicy.defaults(),
                0.01, 0.05, 200, DEFAULT_BASELINE_LABELS, 1e7, DEFAULT_RELATIVE_SHIFTS, 0.9, Double.NaN, 0.01, 0.03, 2, 2,
                Duration.ofDays(90), Duration.ofMinutes(1));
    }

    public DriftSettings withWindows(Duration length, Duration hop, Duration graceAfter) {
        return new DriftSettings(length, hop, graceAfter, labelDelay, perSite, minWindowEvents, countWindowEvents,
                countLabelDelayWindows, pendingBatch, falseDiscoveryRate, minimumEffect, claimConfidence,
                minimumClaimCases, minimumCalibrationCases, subgroup, usageAlpha, usageMinimumDifference,
                usageMinimumEvents, errorBaselineLabels, errorTargetArl, errorRelativeShifts, errorBaselineConfidence, adwinDelta,
                regressionAlpha, regressionMinimumDifference, fireAfter, clearAfter, joinTtl, evaluationInterval);
    }

    public DriftSettings withCountWindows(long minEvents, long countEvents, int labelDelayWindows) {
        return new DriftSettings(windowLength, windowHop, grace, labelDelay, perSite, minEvents, countEvents,
                labelDelayWindows, pendingBatch, falseDiscoveryRate, minimumEffect, claimConfidence,
                minimumClaimCases, minimumCalibrationCases, subgroup, usageAlpha, usageMinimumDifference,
                usageMinimumEvents, errorBaselineLabels, errorTargetArl, errorRelativeShifts, errorBaselineConfidence, adwinDelta,
                regressionAlpha, regressionMinimumDifference, fireAfter, clearAfter, joinTtl, evaluationInterval);
    }

    public DriftSettings withErrorStream(long baselineLabels, double targetArl, java.util.List<Double> relativeShifts,
                                         double baselineConfidence, double adwin) {
        return new DriftSettings(windowLength, windowHop, grace, labelDelay, perSite, minWindowEvents,
                countWindowEvents, countLabelDelayWindows, pendingBatch, falseDiscoveryRate, minimumEffect,
                claimConfidence, minimumClaimCases, minimumCalibrationCases, subgroup, usageAlpha,
                usageMinimumDifference, usageMinimumEvents, baselineLabels, targetArl, relativeShifts, baselineConfidence, adwin,
                regressionAlpha, regressionMinimumDifference, fireAfter, clearAfter, joinTtl, evaluationInterval);
    }

    public DriftSettings withLabelDelay(Duration delay) {
        return new DriftSettings(windowLength, windowHop, grace, delay, perSite, minWindowEvents, countWindowEvents,
                countLabelDelayWindows, pendingBatch, falseDiscoveryRate, minimumEffect, claimConfidence,
                minimumClaimCases, minimumCalibrationCases, subgroup, usageAlpha, usageMinimumDifference,
                usageMinimumEvents, errorBaselineLabels, errorTargetArl, errorRelativeShifts, errorBaselineConfidence, adwinDelta,
                regressionAlpha, regressionMinimumDifference, fireAfter, clearAfter, joinTtl, evaluationInterval);
    }

    public DriftSettings withJoinTtl(Duration ttl) {
        return new DriftSettings(windowLength, windowHop, grace, labelDelay, perSite, minWindowEvents,
                countWindowEvents, countLabelDelayWindows, pendingBatch, falseDiscoveryRate, minimumEffect,
                claimConfidence, minimumClaimCases, minimumCalibrationCases, subgroup, usageAlpha,
                usageMinimumDifference, usageMinimumEvents, errorBaselineLabels, errorTargetArl, errorRelativeShifts,
                errorBaselineConfidence, adwinDelta, regressionAlpha, regressionMinimumDifference, fireAfter, clearAfter, ttl, evaluationInterval);
    }

    public DriftScreenSettings screen() {
        return new DriftScreenSettings(falseDiscoveryRate, minimumEffect);
    }

    /** The data-drift gates as the screen takes them. */
    public record DriftScreenSettings(double falseDiscoveryRate, double minimumEffect) {

        public DataDriftScreen toScreen() {
            java.util.Map<DriftTest, Double> m = new java.util.EnumMap<>(DriftTest.class);
            for (DriftTest t : DriftTest.values()) {
                m.put(t, minimumEffect);
            }
            return new DataDriftScreen(falseDiscoveryRate, m);
        }
    }
}
