package org.vigie.drift.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.vigie.contracts.events.ClaimMetric;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.SignalKind;
import org.vigie.contracts.events.UsageAction;
import org.vigie.contracts.events.WindowKind;

/**
 * Turns one closed window of one (device, version[, site]) series into findings, one per condition:
 * detections 1 (data and score drift), 4 (confidence-based estimate) and 6 (usage shift) when the window
 * closes; 2 (performance below claim), 5 (subgroup gap) and 7 (version regression) once its labels had
 * time to arrive. Plain Java: the stream layer feeds it merged panes and applies the hysteresis.
 */
public final class WindowEvaluation {

    /** Which window was judged: [start, end) in event time, or a count window of {@code count} inferences. */
    public record WindowRef(WindowKind kind, long start, long end, long count, String siteId) {

        DriftSignal.Window toContract() {
            return kind == WindowKind.TIME
                    ? new DriftSignal.Window(kind, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), null)
                    : new DriftSignal.Window(kind, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), Math.max(1, count));
        }
    }

    /** The figures of the previous model version that a new version is compared with. */
    public record PreviousVersion(String modelVersion, ConfusionCounts counts) {
    }

    private final MonitoredVersion version;
    private final DriftSettings settings;
    private final WindowRef window;

    public WindowEvaluation(MonitoredVersion version, DriftSettings settings, WindowRef window) {
        this.version = version;
        this.settings = settings;
        this.window = window;
    }

    // ---- 1. data and score drift ---------------------------------------------------------------------

    private record Tested(String feature, boolean score, DriftTestResult result, String reference,
                          Map<String, String> distances) {
    }

    public List<Finding> dataDrift(PaneSummary w, PaneSummary baseline, String baselineDescription) {
        if (w.inferences() < settings.minWindowEvents()) {
            return List.of();
        }
        List<Tested> tested = new ArrayList<>();
        for (MonitoredVersion.Feature f : version.numeric()) {
            NumericFeatureSummary s = w.numeric().get(f.name());
            NumericReference ref = f.numericReference();
            String refText = "registered quantiles of " + f.name();
            if (ref == null && baseline != null && baseline.numeric().containsKey(f.name())
                    && baseline.numeric().get(f.name()).count() > 1) {
                ref = NumericReference.fromBaseline(baseline.numeric().get(f.name()));
                refText = baselineDescription;
            }
            if (s != null && ref != null && s.count() > 1) {
                tested.add(numeric(f.name(), false, s, ref, refText));
            }
        }
        for (MonitoredVersion.Feature f : version.categorical()) {
            CategoricalSummary s = w.categorical().get(f.name());
            CategoricalReference ref = f.categoricalReference();
            String refText = "registered frequencies of " + f.name();
            if (ref == null && baseline != null && baseline.categorical().containsKey(f.name())
                    && baseline.categorical().get(f.name()).count() > 0) {
                ref = CategoricalReference.fromBaseline(baseline.categorical().get(f.name()));
                refText = baselineDescription;
            }
            if (s != null && ref != null && s.count() > 0) {
                Map<String, String> d = new LinkedHashMap<>();
                d.put("psi", fmt(PopulationStabilityIndex.test(s, ref).statistic()));
                d.put("jensen_shannon", fmt(JensenShannonDistance.test(s, ref).statistic()));
                tested.add(new Tested(f.name(), false, ChiSquareDrift.test(s, ref), refText, d));
            }
        }
        if (baseline != null && baseline.score().count() > 1 && w.score().count() > 1) {
            tested.add(numeric("score", true, w.score(), NumericReference.fromBaseline(baseline.score()),
                    baselineDescription));
        }
        DataDriftScreen screen = settings.screen().toScreen();
        List<DataDriftScreen.FeatureDriftFinding> screened = screen.screen(
                tested.stream().map(t -> new DataDriftScreen.FeatureTest(t.feature(), t.result())).toList());
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < tested.size(); i++) {
            Tested t = tested.get(i);
            DataDriftScreen.FeatureDriftFinding f = screened.get(i);
            DriftTestResult r = t.result();
            boolean ks = r.test() == DriftTest.KOLMOGOROV_SMIRNOV;
            String metric = ks ? "ks" : "chi_square";
            SignalKind kind = t.score() ? SignalKind.SCORE_DRIFT : SignalKind.DATA_DRIFT;
            String feature = t.score() ? null : t.feature();
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("rule", "Benjamini-Hochberg adjusted p <= " + fmt(screen.falseDiscoveryRate())
                    + " across " + tested.size() + " tests and effect size >= " + fmt(screen.minimumEffect(r.test())));
            evidence.put("test", ks ? "two-sample Kolmogorov-Smirnov on KLL sketches, asymptotic p with Stephens correction, sketch rank error discounted"
                    : "Pearson chi-square against the reference frequencies");
            evidence.put("effect_size", fmt(r.effectSize()));
            evidence.put("effect_measure", ks ? "ks_d" : "cramers_v");
            evidence.put("adjusted_p_value", fmt(f.adjustedPValue()));
            evidence.putAll(t.distances());
            evidence.put("window_events", Long.toString(w.inferences()));
            DriftSignal e = signal(kind, severity(Severity.ofEffect(r.effectSize(), screen.minimumEffect(r.test()))),
                    metric, feature, null, metric, r.statistic(), null, null, clampP(r.pValue()),
                    new DriftSignal.SampleSizes(r.sampleSize(), r.referenceSize(), null, null, null),
                    t.reference(), false, evidence);
            out.add(new Finding(f.drifted() ? Finding.Status.PRESENT : Finding.Status.ABSENT, e));
        }
        return out;
    }

    private Tested numeric(String name, boolean score, NumericFeatureSummary s, NumericReference ref, String refText) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("psi", fmt(PopulationStabilityIndex.test(s, ref).statistic()));
        d.put("wasserstein_over_reference_sd", fmt(WassersteinDistance.test(s, ref).statistic()));
        d.put("jensen_shannon", fmt(JensenShannonDistance.test(s, ref).statistic()));
        d.put("window_mean", fmt(s.mean()));
        d.put("reference_mean", fmt(ref.mean()));
        d.put("reference_sd", fmt(ref.standardDeviation()));
        return new Tested(name, score, KolmogorovSmirnov.test(s, ref), refText, d);
    }

    // ---- 4. confidence-based performance estimation --------------------------------------------------

    public List<Finding> estimatedPerformance(PaneSummary w) {
        List<Finding> out = new ArrayList<>();
        if (w.estimate().count() == 0) {
            return out;
        }
        // A two-sided interval at 2c - 1 has one-sided bounds at c, the confidence the claims are checked at.
        ConfidenceBasedPerformanceEstimation.EstimatedPerformance est =
                w.estimate().estimate(2 * settings.claimConfidence() - 1);
        for (ClaimMetric metric : List.of(ClaimMetric.SENSITIVITY, ClaimMetric.SPECIFICITY)) {
            boolean sensitivity = metric == ClaimMetric.SENSITIVITY;
            double expectedCases = sensitivity ? est.expectedTruePositives() + est.expectedFalseNegatives()
                    : est.expectedTrueNegatives() + est.expectedFalsePositives();
            double value = sensitivity ? est.sensitivity() : est.specificity();
            Interval interval = sensitivity ? est.sensitivityInterval() : est.specificityInterval();
            for (DeviceRegistration.PerformanceClaim claim : version.overallClaims(metric)) {
                Finding.Status status;
                if (expectedCases < settings.minimumClaimCases() || Double.isNaN(value)) {
                    status = Finding.Status.INSUFFICIENT_DATA;
                } else {
                    status = interval.upper() < claim.threshold() ? Finding.Status.PRESENT : Finding.Status.ABSENT;
                }
                double shortfall = claim.threshold() - value;
                Map<String, String> evidence = new LinkedHashMap<>();
                evidence.put("rule", "one-sided upper bound of the estimate below the claim");
                evidence.put("assumptions", est.assumptions());
                evidence.put("expected_tp", fmt(est.expectedTruePositives()));
                evidence.put("expected_fp", fmt(est.expectedFalsePositives()));
                evidence.put("expected_tn", fmt(est.expectedTrueNegatives()));
                evidence.put("expected_fn", fmt(est.expectedFalseNegatives()));
                evidence.put("decision_threshold", fmt(est.threshold()));
                DriftSignal e = signal(SignalKind.ESTIMATED_PERFORMANCE_DROP,
                        shortfallSeverity(shortfall), lower(metric), null, null, "cbpe_" + lower(metric),
                        finite(value), claim.threshold(),
                        new DriftSignal.Interval(interval.lower(), interval.upper(), settings.claimConfidence(),
                                "delta method, normal, one-sided bounds"),
                        null, new DriftSignal.SampleSizes(est.cases(), null, Math.round(Math.max(0, expectedCases)), null,
                                finiteOrNull(w.labelledShare())),
                        "claim " + lower(metric) + " >= " + fmt(claim.threshold()), true, evidence);
                out.add(new Finding(status, e));
            }
        }
        return out;
    }

    // ---- 6. usage shift ------------------------------------------------------------------------------

    /** Decisions (accepted, overridden, ignored) and how many of them overrode or ignored the AI. */
    public static long[] decisions(long[] actions) {
        long overriddenOrIgnored = actions[UsageAction.OVERRIDDEN.ordinal()] + actions[UsageAction.IGNORED.ordinal()];
        return new long[] {actions[UsageAction.ACCEPTED.ordinal()] + overriddenOrIgnored, overriddenOrIgnored};
    }

    public List<Finding> usageShift(PaneSummary w, Map<String, long[]> baselineBySite) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : w.usageBySite().entrySet()) {
            long[] now = decisions(e.getValue());
            long[] base = baselineBySite.get(e.getKey());
            if (base == null) {
                continue;
            }
            String site = e.getKey().isEmpty() ? null : e.getKey();
            Finding.Status status;
            ProportionComparison c = null;
            if (now[0] < settings.usageMinimumEvents() || base[0] < settings.usageMinimumEvents()) {
                status = Finding.Status.INSUFFICIENT_DATA;
            } else {
                c = ProportionComparison.compare(now[1], now[0], base[1], base[0]);
                status = c.difference() >= settings.usageMinimumDifference() && c.pValue() <= settings.usageAlpha()
                        ? Finding.Status.PRESENT : Finding.Status.ABSENT;
            }
            double rate = now[0] == 0 ? 0.0 : (double) now[1] / now[0];
            double baseRate = base[0] == 0 ? 0.0 : (double) base[1] / base[0];
            Interval interval = BinomialInterval.WILSON.interval(now[1], now[0], 1 - settings.usageAlpha());
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("rule", "two-sided two-proportion test p <= " + fmt(settings.usageAlpha())
                    + " and rise >= " + fmt(settings.usageMinimumDifference()));
            evidence.put("baseline_rate", fmt(baseRate));
            evidence.put("baseline_decisions", Long.toString(base[0]));
            evidence.put("difference", fmt(rate - baseRate));
            if (c != null) {
                evidence.put("test", c.method().name().toLowerCase(Locale.ROOT));
            }
            DriftSignal s = signal(SignalKind.USAGE_SHIFT, rate - baseRate >= 3 * settings.usageMinimumDifference()
                            ? org.vigie.contracts.events.Severity.HIGH : rate - baseRate >= 2 * settings.usageMinimumDifference()
                            ? org.vigie.contracts.events.Severity.MEDIUM : org.vigie.contracts.events.Severity.LOW,
                    "override_or_ignore_rate", null, site == null ? "site=" : "site=" + site, "proportion", rate, null,
                    new DriftSignal.Interval(interval.lower(), interval.upper(), interval.confidence(), "wilson"),
                    c == null ? null : clampP(c.pValue()),
                    new DriftSignal.SampleSizes(now[0], base[0], null, null, null),
                    "baseline of the version at this site", false, evidence);
            s = withSite(s, site);
            out.add(new Finding(status, s));
        }
        return out;
    }

    // ---- 2. performance below claim ------------------------------------------------------------------

    public List<Finding> performance(PaneSummary w) {
        List<Finding> out = new ArrayList<>();
        double share = w.labelledShare();
        for (DeviceRegistration.PerformanceClaim claim : version.claims()) {
            PerformanceMetric metric = metric(claim.metric());
            boolean proportion = switch (metric) {
                case SENSITIVITY, SPECIFICITY, POSITIVE_PREDICTIVE_VALUE, NEGATIVE_PREDICTIVE_VALUE -> true;
                default -> false;
            };
            if (!proportion && claim.subgroup() != null) {
                continue; // AUC and calibration are kept for the whole population only
            }
            long minimum = proportion || metric == PerformanceMetric.AUC ? settings.minimumClaimCases()
                    : settings.minimumCalibrationCases();
            PerformanceClaim domainClaim = new PerformanceClaim(metric, claim.threshold(), settings.claimConfidence(),
                    minimum, BinomialInterval.WILSON);
            ConfusionCounts counts = claim.subgroup() == null ? w.labelled()
                    : w.bySubgroup().getOrDefault(claim.subgroup(), new ConfusionCounts());
            ClaimAssessment a = proportion ? PerformanceClaimCheck.check(domainClaim, counts)
                    : PerformanceClaimCheck.check(domainClaim, w.labelledScores());
            Finding.Status status = switch (a.status()) {
                case WORSE_THAN_CLAIM -> Finding.Status.PRESENT;
                case CONSISTENT_WITH_CLAIM -> Finding.Status.ABSENT;
                case INSUFFICIENT_DATA -> Finding.Status.INSUFFICIENT_DATA;
            };
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("rule", (metric.higherIsBetter() ? "one-sided upper" : "one-sided lower")
                    + " confidence bound past the claim, at least " + minimum + " relevant cases");
            evidence.put("method", a.method());
            evidence.put("relevant_cases", Long.toString(a.sampleSize()));
            evidence.put("shortfall", fmt(a.shortfall()));
            evidence.put("confusion", "tp=" + counts.truePositives() + " fp=" + counts.falsePositives()
                    + " tn=" + counts.trueNegatives() + " fn=" + counts.falseNegatives());
            ConfusionCounts sizes = proportion ? counts : w.labelled();
            DriftSignal e = signal(SignalKind.PERFORMANCE_BELOW_CLAIM, severity(Severity.ofClaim(a, 0.03, 0.08)),
                    lower(claim.metric()), null, claim.subgroup(), proportion ? "proportion" : lower(claim.metric()),
                    finite(a.estimate()), claim.threshold(),
                    new DriftSignal.Interval(finiteOrNull(a.lowerBound()), finiteOrNull(a.upperBound()), a.confidence(),
                            a.method().length() > 64 ? a.method().substring(0, 64) : a.method()),
                    null, new DriftSignal.SampleSizes(sizes.total(), null, sizes.positives(), sizes.negatives(),
                            finiteOrNull(share)),
                    "claim " + lower(claim.metric()) + (claim.metric().lowerIsBetter() ? " <= " : " >= ")
                            + fmt(claim.threshold()) + (claim.subgroup() == null ? "" : " for " + claim.subgroup()),
                    false, evidence);
            out.add(new Finding(status, e));
        }
        return out;
    }

    // ---- 5. subgroup gap -----------------------------------------------------------------------------

    public List<Finding> subgroupGaps(PaneSummary w) {
        List<Finding> out = new ArrayList<>();
        SubgroupGapPolicy policy = settings.subgroup();
        boolean odds = policy.measure() == SubgroupGapPolicy.GapMeasure.EQUALIZED_ODDS;
        for (String attribute : version.subgroupAttributes()) {
            Map<String, ConfusionCounts> groups = new TreeMap<>();
            String prefix = attribute + "=";
            w.bySubgroup().forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    groups.put(k, v);
                }
            });
            if (groups.size() < 2) {
                continue;
            }
            for (SubgroupGapFinding g : SubgroupGap.screen(groups, policy)) {
                Finding.Status status = switch (g.status()) {
                    case GAP -> Finding.Status.PRESENT;
                    case NO_GAP -> Finding.Status.ABSENT;
                    case INSUFFICIENT_DATA -> Finding.Status.INSUFFICIENT_DATA;
                };
                double gap = odds ? g.equalizedOddsGap() : g.equalOpportunityGap();
                Map<String, String> evidence = new LinkedHashMap<>();
                evidence.put("rule", (odds ? "equalized-odds" : "equal-opportunity") + " gap >= " + fmt(policy.minimumGap())
                        + " and " + policy.correction().name().toLowerCase(Locale.ROOT) + "-adjusted p <= "
                        + fmt(policy.alpha()) + ", at least " + policy.minimumPositives() + " positives per side");
                evidence.put("attribute", attribute);
                evidence.put("group_tpr", rate(g.groupTpr()));
                evidence.put("rest_tpr", rate(g.restTpr()));
                evidence.put("group_fpr", rate(g.groupFpr()));
                evidence.put("rest_fpr", rate(g.restFpr()));
                evidence.put("equalized_odds_gap", fmt(g.equalizedOddsGap()));
                evidence.put("raw_p_value", fmt(g.pValue()));
                if (g.tprTest() != null) {
                    evidence.put("tpr_test", g.tprTest().method().name().toLowerCase(Locale.ROOT));
                }
                Interval gi = g.groupTpr().interval();
                double absGap = Math.abs(gap);
                DriftSignal e = signal(SignalKind.SUBGROUP_GAP,
                        severity(Severity.ofEffect(Math.max(absGap, 1e-12), policy.minimumGap())),
                        odds ? "equalized_odds_gap" : "equal_opportunity_gap", null, g.subgroup(),
                        "tpr_difference", finite(gap), null,
                        new DriftSignal.Interval(finiteOrNull(gi.lower()), finiteOrNull(gi.upper()), gi.confidence(),
                                "wilson (group tpr)"),
                        Double.isNaN(g.adjustedPValue()) ? null : clampP(g.adjustedPValue()),
                        new DriftSignal.SampleSizes(g.groupTpr().trials() + g.groupFpr().trials(), null,
                                g.groupTpr().trials(), g.groupFpr().trials(), finiteOrNull(w.labelledShare())),
                        "rest of the population in the same window", false, evidence);
                out.add(new Finding(status, e));
            }
        }
        return out;
    }

    // ---- 7. version regression -----------------------------------------------------------------------

    public List<Finding> versionRegression(PaneSummary w, PreviousVersion previous) {
        List<Finding> out = new ArrayList<>();
        if (previous == null) {
            return out;
        }
        ConfusionCounts now = w.labelled();
        ConfusionCounts before = previous.counts();
        for (ClaimMetric metric : List.of(ClaimMetric.SENSITIVITY, ClaimMetric.SPECIFICITY)) {
            boolean sens = metric == ClaimMetric.SENSITIVITY;
            long xNow = sens ? now.truePositives() : now.trueNegatives();
            long nNow = sens ? now.positives() : now.negatives();
            long xBefore = sens ? before.truePositives() : before.trueNegatives();
            long nBefore = sens ? before.positives() : before.negatives();
            Finding.Status status;
            ProportionComparison c = null;
            if (nNow < settings.minimumClaimCases() || nBefore < settings.minimumClaimCases()) {
                status = Finding.Status.INSUFFICIENT_DATA;
            } else {
                c = ProportionComparison.compare(xNow, nNow, xBefore, nBefore);
                status = -c.difference() >= settings.regressionMinimumDifference() && c.pValue() <= settings.regressionAlpha()
                        ? Finding.Status.PRESENT : Finding.Status.ABSENT;
            }
            double rateNow = nNow == 0 ? 0.0 : (double) xNow / nNow;
            double rateBefore = nBefore == 0 ? 0.0 : (double) xBefore / nBefore;
            Interval i = BinomialInterval.WILSON.interval(xNow, nNow, 1 - settings.regressionAlpha());
            Interval ib = BinomialInterval.WILSON.interval(xBefore, nBefore, 1 - settings.regressionAlpha());
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("rule", "two-sided two-proportion test p <= " + fmt(settings.regressionAlpha())
                    + " and drop >= " + fmt(settings.regressionMinimumDifference()) + " against the previous version");
            evidence.put("previous_version", previous.modelVersion());
            evidence.put("previous_value", fmt(rateBefore));
            evidence.put("previous_interval", "[" + fmt(ib.lower()) + ", " + fmt(ib.upper()) + "]");
            evidence.put("previous_cases", Long.toString(nBefore));
            evidence.put("difference", fmt(rateNow - rateBefore));
            double drop = rateBefore - rateNow;
            DriftSignal e = signal(SignalKind.VERSION_REGRESSION,
                    severity(Severity.ofEffect(Math.max(drop, 1e-12), settings.regressionMinimumDifference())),
                    lower(metric), null, null, "proportion", rateNow, null,
                    new DriftSignal.Interval(i.lower(), i.upper(), i.confidence(), "wilson"),
                    c == null ? null : clampP(c.pValue()),
                    new DriftSignal.SampleSizes(nNow, nBefore, now.positives(), now.negatives(), finiteOrNull(w.labelledShare())),
                    "previous version " + previous.modelVersion() + ", last judged window", false, evidence);
            out.add(new Finding(status, e));
        }
        return out;
    }

    // ---- shared --------------------------------------------------------------------------------------

    /** The signal of the sequential error detectors (detection 3) on this series. */
    public DriftSignal errorRateChange(String detector, double inControlRate, double currentRate, long observations,
                                       double statistic, double threshold, double tunedRate) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("rule", "Bernoulli CUSUM".equals(detector)
                ? "one-sided Bernoulli CUSUM of a bank tuned to rises " + settings.errorRelativeShifts()
                        + " crossed its threshold (bank in-control ARL " + fmt(settings.errorTargetArl()) + " labelled cases)"
                : "ADWIN cut (delta " + fmt(settings.adwinDelta()) + ") with a higher recent error rate");
        evidence.put("in_control_error_rate", fmt(inControlRate));
        evidence.put("threshold", fmt(threshold));
        if (!Double.isNaN(tunedRate)) {
            evidence.put("tuned_error_rate", fmt(tunedRate));
        }
        evidence.put("observations_since_reset", Long.toString(observations));
        return signal(SignalKind.ERROR_RATE_CHANGE,
                severity(Severity.ofEffect(Math.max(currentRate - inControlRate, 1e-12), inControlRate * 0.5)),
                "error_rate", null, null, "Bernoulli CUSUM".equals(detector) ? "bernoulli_cusum" : "adwin",
                finite(statistic), null, null, null, new DriftSignal.SampleSizes(observations, null, null, null, null),
                "in-control error rate " + fmt(inControlRate) + " (baseline labels of this version)", false, evidence);
    }

    private DriftSignal signal(SignalKind kind, org.vigie.contracts.events.Severity severity, String metric,
                               String feature, String subgroup, String statistic, double value, Double claim,
                               DriftSignal.Interval interval, Double pValue, DriftSignal.SampleSizes sizes,
                               String reference, boolean estimate, Map<String, String> evidence) {
        String key = SignalIdentity.conditionKey(version.deviceId(), version.modelVersion(), kind, metric, feature,
                subgroup, window.siteId());
        return new DriftSignal(1, null, key, version.deviceId(), version.modelVersion(), window.siteId(), kind, severity,
                metric, feature, subgroup, window.toContract(), statistic, value, claim, interval, pValue, sizes,
                reference.length() > 300 ? reference.substring(0, 300) : reference, estimate, evidence, null);
    }

    private static DriftSignal withSite(DriftSignal s, String site) {
        if (site == null || site.equals(s.siteId())) {
            return s;
        }
        return new DriftSignal(s.schemaVersion(), s.signalId(), s.conditionKey(), s.deviceId(), s.modelVersion(), site,
                s.kind(), s.severity(), s.metric(), s.feature(), s.subgroup(), s.window(), s.statistic(), s.value(),
                s.claim(), s.interval(), s.pValue(), s.sampleSizes(), s.reference(), s.estimate(), s.evidence(),
                s.detectedAt());
    }

    static PerformanceMetric metric(ClaimMetric m) {
        return switch (m) {
            case SENSITIVITY -> PerformanceMetric.SENSITIVITY;
            case SPECIFICITY -> PerformanceMetric.SPECIFICITY;
            case PPV -> PerformanceMetric.POSITIVE_PREDICTIVE_VALUE;
            case NPV -> PerformanceMetric.NEGATIVE_PREDICTIVE_VALUE;
            case AUC -> PerformanceMetric.AUC;
            case ECE -> PerformanceMetric.EXPECTED_CALIBRATION_ERROR;
            case BRIER -> PerformanceMetric.BRIER_SCORE;
        };
    }

    static org.vigie.contracts.events.Severity severity(Severity s) {
        return org.vigie.contracts.events.Severity.valueOf(s.name());
    }

    private static org.vigie.contracts.events.Severity shortfallSeverity(double shortfall) {
        return shortfall >= 0.08 ? org.vigie.contracts.events.Severity.HIGH
                : shortfall >= 0.03 ? org.vigie.contracts.events.Severity.MEDIUM : org.vigie.contracts.events.Severity.LOW;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String rate(SubgroupGapFinding.Rate r) {
        return r.events() + "/" + r.trials() + " = " + fmt(r.value()) + " [" + fmt(r.interval().lower()) + ", "
                + fmt(r.interval().upper()) + "]";
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Double clampP(double p) {
        return Double.isNaN(p) ? null : Math.max(0.0, Math.min(1.0, p));
    }
}
