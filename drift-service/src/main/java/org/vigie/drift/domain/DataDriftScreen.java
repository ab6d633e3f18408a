package org.vigie.drift.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which features of a device have drifted in a window, from one significance test per
 * feature (KS for numeric, chi-square for categorical, by default). Two gates, both required:
 * <ul>
 *   <li>statistical: Benjamini–Hochberg across all features at false-discovery rate q, so a
 *       device with 200 features does not alarm by multiplicity alone;</li>
 *   <li>practical: the test's effect size must reach a minimum per test kind, so that a
 *       window of a million events does not alarm on a shift nobody would act on.</li>
 * </ul>
 */
public final class DataDriftScreen {

    /** Minimum effect sizes by default: KS D ≥ 0.1, Cramér's V ≥ 0.1, PSI ≥ 0.1, W₁/σ ≥ 0.1, JS ≥ 0.1. */
    public static Map<DriftTest, Double> defaultMinimumEffects() {
        Map<DriftTest, Double> m = new EnumMap<>(DriftTest.class);
        for (DriftTest t : DriftTest.values()) {
            m.put(t, 0.1);
        }
        return m;
    }

    private final double falseDiscoveryRate;
    private final Map<DriftTest, Double> minimumEffect;

    public DataDriftScreen(double falseDiscoveryRate, Map<DriftTest, Double> minimumEffect) {
        if (!(falseDiscoveryRate > 0 && falseDiscoveryRate < 1)) {
            throw new IllegalArgumentException("false discovery rate must be in (0, 1)");
        }
        this.falseDiscoveryRate = falseDiscoveryRate;
        this.minimumEffect = new EnumMap<>(minimumEffect);
    }

    public DataDriftScreen() {
        this(0.05, defaultMinimumEffects());
    }

    /** One feature's test result as it enters the screen. */
    public record FeatureTest(String feature, DriftTestResult result) {
    }

    /**
     * @param adjustedPValue BH-adjusted p-value (NaN if the feature could not be tested)
     * @param significant    adjusted p ≤ q
     * @param material       effect size ≥ the minimum for its test
     * @param drifted        both
     */
    public record FeatureDriftFinding(String feature, DriftTestResult result, double adjustedPValue,
                                      boolean significant, boolean material, boolean drifted) {
    }

    public List<FeatureDriftFinding> screen(List<FeatureTest> tests) {
        double[] p = new double[tests.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = tests.get(i).result().pValue();
        }
        double[] adjusted = MultipleTestingCorrection.BENJAMINI_HOCHBERG.adjust(p);
        List<FeatureDriftFinding> out = new ArrayList<>(tests.size());
        for (int i = 0; i < p.length; i++) {
            DriftTestResult r = tests.get(i).result();
            boolean significant = adjusted[i] <= falseDiscoveryRate;
            boolean material = r.effectSize() >= minimumEffect.getOrDefault(r.test(), 0.0);
            out.add(new FeatureDriftFinding(tests.get(i).feature(), r, adjusted[i], significant, material, significant && material));
        }
        return out;
    }

    public double falseDiscoveryRate() {
        return falseDiscoveryRate;
    }

    public double minimumEffect(DriftTest test) {
        return minimumEffect.getOrDefault(test, 0.0);
    }
}
