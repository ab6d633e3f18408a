package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DataDriftScreenTest {

    @Test
    void onlyTheShiftedFeatureOfTwentyDrifts() {
        SplittableRandom rnd = new SplittableRandom(77);
        List<DataDriftScreen.FeatureTest> tests = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            NumericReference reference = NumericReference.fromBaseline(KolmogorovSmirnovTest.summaryOf(KolmogorovSmirnovTest.normal(rnd, 10_000, 0, 1)));
            double shift = f == 7 ? 0.5 : 0.0;
            NumericFeatureSummary window = KolmogorovSmirnovTest.summaryOf(KolmogorovSmirnovTest.normal(rnd, 10_000, shift, 1));
            tests.add(new DataDriftScreen.FeatureTest("f" + f, KolmogorovSmirnov.test(window, reference)));
        }
        List<DataDriftScreen.FeatureDriftFinding> findings = new DataDriftScreen().screen(tests);
        assertThat(findings).filteredOn(DataDriftScreen.FeatureDriftFinding::drifted)
                .extracting(DataDriftScreen.FeatureDriftFinding::feature).containsExactly("f7");
    }

    @Test
    void aSignificantButTrivialShiftIsNotMaterial() {
        // D = 0.02 on a million cases each side: p ~ 1e-170, but far below the 0.1 effect gate.
        DriftTestResult tiny = new DriftTestResult(DriftTest.KOLMOGOROV_SMIRNOV, 0.02, KolmogorovSmirnov.pValue(0.02, 1_000_000, 1_000_000),
                0.02, 1_000_000, 1_000_000);
        var finding = new DataDriftScreen().screen(List.of(new DataDriftScreen.FeatureTest("age", tiny))).get(0);
        assertThat(finding.significant()).isTrue();
        assertThat(finding.material()).isFalse();
        assertThat(finding.drifted()).isFalse();
    }
}
