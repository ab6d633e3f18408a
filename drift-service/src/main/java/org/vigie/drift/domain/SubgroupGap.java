package org.vigie.drift.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Subgroup bias screen for one monitored attribute (sex, age band, site, …): each group's TPR
 * (and FPR for equalized odds) against the rest of the population on the same window, tested
 * for a difference, corrected across groups, and gated by a minimum gap and minimum group sizes
 * so that small groups neither alarm on noise nor pass silently as "no gap" — they are reported
 * as insufficient data.
 *
 * <p>Only a group the device serves worse is a gap: a lower TPR than the rest (equal opportunity), or a lower TPR
 * or a higher FPR (equalized odds). A group served better than the rest is not named — its complement, or the
 * worse-served group within it, is the one a manufacturer must act on; naming both would report one disparity
 * twice (with two groups, "women below men" and "men above women"). The p-value stays the two-sided one, so the
 * screen is conservative in that direction.
 */
public final class SubgroupGap {

    private SubgroupGap() {
    }

    /** A group, its complement, and their rate comparisons (null when a side has no cases). */
    private record Pair(ConfusionCounts group, ConfusionCounts rest, ProportionComparison tpr, ProportionComparison fpr) {
    }

    /** @param byGroup confusion counts per group; groups must partition the population */
    public static List<SubgroupGapFinding> screen(Map<String, ConfusionCounts> byGroup, SubgroupGapPolicy policy) {
        ConfusionCounts total = new ConfusionCounts();
        byGroup.values().forEach(total::merge);
        Map<String, ConfusionCounts> sorted = new TreeMap<>(byGroup);
        boolean odds = policy.measure() == SubgroupGapPolicy.GapMeasure.EQUALIZED_ODDS;

        List<String> names = new ArrayList<>(sorted.keySet());
        double[] p = new double[names.size()];
        List<Pair> partial = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ConfusionCounts group = sorted.get(names.get(i));
            ConfusionCounts rest = total.minus(group);
            boolean enough = group.positives() >= policy.minimumPositives() && rest.positives() >= policy.minimumPositives()
                    && (!odds || (group.negatives() >= policy.minimumNegatives() && rest.negatives() >= policy.minimumNegatives()));
            ProportionComparison tpr = group.positives() > 0 && rest.positives() > 0
                    ? ProportionComparison.compare(group.truePositives(), group.positives(), rest.truePositives(), rest.positives()) : null;
            ProportionComparison fpr = group.negatives() > 0 && rest.negatives() > 0
                    ? ProportionComparison.compare(group.falsePositives(), group.negatives(), rest.falsePositives(), rest.negatives()) : null;
            if (!enough || tpr == null || (odds && fpr == null)) {
                p[i] = Double.NaN;
            } else if (odds) {
                p[i] = Math.min(1.0, 2 * Math.min(tpr.pValue(), fpr.pValue()));
            } else {
                p[i] = tpr.pValue();
            }
            partial.add(new Pair(group, rest, tpr, fpr));
        }
        double[] adjusted = policy.correction().adjust(p);

        List<SubgroupGapFinding> findings = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            ConfusionCounts group = partial.get(i).group();
            ConfusionCounts rest = partial.get(i).rest();
            ProportionComparison tpr = partial.get(i).tpr();
            ProportionComparison fpr = partial.get(i).fpr();
            double c = policy.confidence();
            var groupTpr = SubgroupGapFinding.Rate.of(group.truePositives(), group.positives(), c);
            var restTpr = SubgroupGapFinding.Rate.of(rest.truePositives(), rest.positives(), c);
            var groupFpr = SubgroupGapFinding.Rate.of(group.falsePositives(), group.negatives(), c);
            var restFpr = SubgroupGapFinding.Rate.of(rest.falsePositives(), rest.negatives(), c);
            double eo = groupTpr.value() - restTpr.value();
            double fprGap = groupFpr.value() - restFpr.value();
            double eqOdds = Math.max(Math.abs(eo), Double.isNaN(fprGap) ? 0.0 : Math.abs(fprGap));
            // How much worse the group is served: lower TPR, or (equalized odds) higher FPR; 0 when it is served better.
            double disadvantage = Math.max(0.0, Double.isNaN(eo) ? 0.0 : -eo);
            if (odds && !Double.isNaN(fprGap)) {
                disadvantage = Math.max(disadvantage, fprGap);
            }
            SubgroupGapFinding.Status status;
            if (Double.isNaN(p[i])) {
                status = SubgroupGapFinding.Status.INSUFFICIENT_DATA;
            } else if (adjusted[i] <= policy.alpha() && disadvantage >= policy.minimumGap()) {
                status = SubgroupGapFinding.Status.GAP;
            } else {
                status = SubgroupGapFinding.Status.NO_GAP;
            }
            findings.add(new SubgroupGapFinding(names.get(i), status, groupTpr, restTpr, groupFpr, restFpr, eo, eqOdds,
                    tpr, fpr, p[i], adjusted[i]));
        }
        return findings;
    }
}
