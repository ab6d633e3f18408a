package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubgroupGapTest {

    @Test
    void theOneGroupWhoseSensitivityFellFrom92To80IsNamed() {
        Map<String, ConfusionCounts> byAge = Map.of(
                "18-39", ConfusionCounts.of(276, 40, 960, 24),
                "40-59", ConfusionCounts.of(276, 38, 962, 24),
                "60-79", ConfusionCounts.of(276, 41, 959, 24),
                "80+", ConfusionCounts.of(240, 39, 961, 60));
        List<SubgroupGapFinding> findings = SubgroupGap.screen(byAge, SubgroupGapPolicy.defaults());
        assertThat(findings).filteredOn(f -> f.status() == SubgroupGapFinding.Status.GAP)
                .extracting(SubgroupGapFinding::subgroup).containsExactly("80+");
        SubgroupGapFinding old = findings.stream().filter(f -> f.subgroup().equals("80+")).findFirst().orElseThrow();
        assertThat(old.groupTpr().value()).isCloseTo(0.80, within(1e-12));
        assertThat(old.restTpr().value()).isCloseTo(0.92, within(1e-12));
        assertThat(old.equalOpportunityGap()).isCloseTo(-0.12, within(1e-12));
        // z = -5.7528 (fixture two-proportions.json), Holm over 4 groups
        assertThat(old.tprTest().statistic()).isCloseTo(-5.752824948905338, within(1e-9));
        assertThat(old.adjustedPValue()).isLessThan(1e-6);
        assertThat(old.groupTpr().interval().contains(0.80)).isTrue();
    }

    @Test
    void smallGroupsAreInsufficientDataNotNoGap() {
        Map<String, ConfusionCounts> bySite = Map.of(
                "big", ConfusionCounts.of(900, 50, 950, 100),
                "tiny", ConfusionCounts.of(10, 1, 20, 10));
        List<SubgroupGapFinding> findings = SubgroupGap.screen(bySite, SubgroupGapPolicy.defaults());
        assertThat(findings).extracting(SubgroupGapFinding::status)
                .containsOnly(SubgroupGapFinding.Status.INSUFFICIENT_DATA);
    }

    @Test
    void equalizedOddsAlsoCatchesAFalsePositiveRateGap() {
        Map<String, ConfusionCounts> bySex = Map.of(
                "F", ConfusionCounts.of(450, 200, 800, 50),
                "M", ConfusionCounts.of(450, 100, 900, 50));
        SubgroupGapPolicy odds = new SubgroupGapPolicy(SubgroupGapPolicy.GapMeasure.EQUALIZED_ODDS, 100, 100, 0.05, 0.05,
                MultipleTestingCorrection.BENJAMINI_HOCHBERG, 0.95);
        List<SubgroupGapFinding> findings = SubgroupGap.screen(bySex, odds);
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.equalizedOddsGap()).isCloseTo(0.10, within(1e-12));
            assertThat(f.equalOpportunityGap()).isCloseTo(0.0, within(1e-12));
        });
        // Women get twice the false positives: they are the group served worse, and the only one named.
        assertThat(findings).filteredOn(f -> f.status() == SubgroupGapFinding.Status.GAP)
                .extracting(SubgroupGapFinding::subgroup).containsExactly("F");
        assertThat(SubgroupGap.screen(bySex, SubgroupGapPolicy.defaults()))
                .extracting(SubgroupGapFinding::status).containsOnly(SubgroupGapFinding.Status.NO_GAP);
    }

    @Test
    void aGroupServedBetterThanTheRestIsNotAGapOnlyTheWorseServedOneIs() {
        // Two groups: women's sensitivity fell to 0.80, men's held at 0.92. One disparity, named once: F.
        Map<String, ConfusionCounts> bySex = Map.of(
                "F", ConfusionCounts.of(320, 40, 960, 80),
                "M", ConfusionCounts.of(368, 40, 960, 32));
        List<SubgroupGapFinding> findings = SubgroupGap.screen(bySex, SubgroupGapPolicy.defaults());
        assertThat(findings).filteredOn(f -> f.status() == SubgroupGapFinding.Status.GAP)
                .extracting(SubgroupGapFinding::subgroup).containsExactly("F");
        SubgroupGapFinding men = findings.stream().filter(f -> f.subgroup().equals("M")).findFirst().orElseThrow();
        assertThat(men.status()).isEqualTo(SubgroupGapFinding.Status.NO_GAP);
        assertThat(men.adjustedPValue()).isLessThan(0.05); // significant, but in the group's favour
    }

    @Test
    void inAnAttributeWithManyGroupsTheBetterServedGroupsAreNotNamed() {
        // 75+ fell; 60-74 is now above the rest (the rest includes 75+): only 75+ is a gap.
        Map<String, ConfusionCounts> byAge = Map.of(
                "40-59", ConfusionCounts.of(276, 40, 960, 24),
                "60-74", ConfusionCounts.of(560, 80, 1920, 40),
                "75+", ConfusionCounts.of(180, 40, 960, 120));
        List<SubgroupGapFinding> findings = SubgroupGap.screen(byAge, SubgroupGapPolicy.defaults());
        assertThat(findings).filteredOn(f -> f.status() == SubgroupGapFinding.Status.GAP)
                .extracting(SubgroupGapFinding::subgroup).containsExactly("75+");
    }
}
