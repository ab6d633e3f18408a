package org.vigie.drift.domain;

import java.util.Map;
import java.util.TreeSet;

/** Window and reference proportions over the union of their categories, in one order. */
final class CategoricalProportions {

    private CategoricalProportions() {
    }

    /** Returns {window proportions, reference proportions}. */
    static double[][] aligned(CategoricalSummary window, CategoricalReference reference) {
        Map<String, Long> counts = window.counts();
        TreeSet<String> categories = new TreeSet<>(counts.keySet());
        categories.addAll(reference.proportions().keySet());
        double[] w = new double[categories.size()];
        double[] r = new double[categories.size()];
        int i = 0;
        double n = window.count();
        for (String c : categories) {
            w[i] = n == 0 ? 0 : counts.getOrDefault(c, 0L) / n;
            r[i] = reference.proportion(c);
            i++;
        }
        return new double[][] {w, r};
    }
}
