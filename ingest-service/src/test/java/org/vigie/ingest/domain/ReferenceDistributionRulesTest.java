package org.vigie.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigie.ingest.domain.ReferenceDistributionRules.CategoryFrequencies;
import org.vigie.ingest.domain.ReferenceDistributionRules.Metric;
import org.vigie.ingest.domain.ReferenceDistributionRules.Problem;
import org.vigie.ingest.domain.ReferenceDistributionRules.Quantiles;

class ReferenceDistributionRulesTest {

    private final ReferenceDistributionRules rules = new ReferenceDistributionRules();

    @Test
    void aMonotoneSketchPasses() {
        assertThat(rules.checkQuantiles(new Quantiles(List.of(0.0, 0.25, 0.5, 0.75, 1.0), List.of(0.01, 0.2, 0.2, 0.7, 0.99))))
                .isEmpty();
    }

    @Test
    void decreasingValuesAndNonIncreasingProbabilitiesArePointedAt() {
        List<Problem> problems = rules.checkQuantiles(
                new Quantiles(List.of(0.1, 0.5, 0.5, 1.2), List.of(1.0, 2.0, 1.5, Double.NaN)));

        assertThat(problems).extracting(Problem::pointer)
                .containsExactly("/probabilities/2", "/values/2", "/probabilities/3", "/values/3");
        assertThat(problems.get(0).detail()).contains("strictly increasing");
        assertThat(problems.get(1).detail()).contains("non-decreasing");
        assertThat(problems.get(2).detail()).contains("[0, 1]");
    }

    @Test
    void quantilesNeedOneValuePerProbability() {
        assertThat(rules.checkQuantiles(new Quantiles(List.of(0.5), List.of()))).extracting(Problem::pointer)
                .containsExactly("/values");
        assertThat(rules.checkQuantiles(new Quantiles(List.of(), List.of()))).extracting(Problem::pointer)
                .containsExactly("/probabilities");
    }

    @Test
    void frequenciesMustBeNonNegativeAndSumToOne() {
        assertThat(rules.checkCategoryFrequencies(new CategoryFrequencies(List.of("F", "M"), List.of(0.52, 0.48)))).isEmpty();
        assertThat(rules.checkCategoryFrequencies(new CategoryFrequencies(List.of("a", "b", "c"), List.of(0.3334, 0.3333, 0.3333))))
                .as("rounding within tolerance").isEmpty();
        assertThat(rules.checkCategoryFrequencies(new CategoryFrequencies(List.of("F", "M"), List.of(0.6, 0.6))))
                .extracting(Problem::detail).singleElement().asString().contains("sum to 1").contains("1.2");
        assertThat(rules.checkCategoryFrequencies(new CategoryFrequencies(List.of("F", "M"), List.of(1.1, -0.1))))
                .extracting(Problem::pointer).containsExactly("/frequencies/1");
        assertThat(rules.checkCategoryFrequencies(new CategoryFrequencies(List.of("F", "F"), List.of(0.5, 0.5))))
                .extracting(Problem::pointer).containsExactly("/categories/1");
        assertThat(new ReferenceDistributionRules(0.0).checkCategoryFrequencies(
                new CategoryFrequencies(List.of("a", "b", "c"), List.of(0.3334, 0.3333, 0.3334)))).hasSize(1);
    }

    @Test
    void claimsMustBeInTheRangeOfTheirMetric() {
        for (Metric metric : Metric.values()) {
            assertThat(rules.checkClaim(metric, 0.0)).isEmpty();
            assertThat(rules.checkClaim(metric, 0.9)).isEmpty();
            assertThat(rules.checkClaim(metric, 1.0)).isEmpty();
            assertThat(rules.checkClaim(metric, 1.3)).extracting(Problem::pointer).containsExactly("/threshold");
            assertThat(rules.checkClaim(metric, -0.1)).hasSize(1);
            assertThat(rules.checkClaim(metric, Double.NaN)).hasSize(1);
        }
        assertThat(rules.checkClaim(Metric.SENSITIVITY, 1.3).get(0).detail()).startsWith("sensitivity is between 0 and 1");
        assertThat(Metric.ECE.higherIsBetter()).isFalse();
        assertThat(Metric.parse(" auc ")).isEqualTo(Metric.AUC);
        assertThatThrownBy(() -> Metric.parse("f1")).hasMessageContaining("unknown metric");
    }

    @Test
    void featureNamesMustBeUniqueAndNonBlank() {
        assertThat(rules.checkFeatureNames(List.of("age_band", "sex", "qrs_duration"))).isEmpty();
        assertThat(rules.checkFeatureNames(Arrays.asList("age_band", "sex", "age_band", " ", null)))
                .extracting(Problem::pointer).containsExactly("/2", "/3", "/4");
        assertThat(rules.checkFeatureNames(List.of("a", "a")).get(0).detail()).isEqualTo("feature name 'a' repeats /0");
    }
}
