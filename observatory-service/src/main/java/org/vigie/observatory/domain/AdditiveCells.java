package org.vigie.observatory.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts linked by additive relations ({@code total = part1 + ... + partN}) and the search for a
 * suppression pattern that protects every small count. This is the engine behind
 * {@link SmallCellSuppression}; it knows nothing of rows, columns or labels.
 *
 * <p>Each cell has a role towards the attacker:
 * <ul>
 *   <li>{@link Role#CANDIDATE}: published unless this search masks it;</li>
 *   <li>{@link Role#KNOWN}: already published elsewhere (for example by the unfiltered query) —
 *       the attacker has it and masking it here would protect nothing;</li>
 *   <li>{@link Role#HIDDEN}: never published (a cell masked by an earlier answer, or the part a
 *       filter removed). A hidden zero is treated as known: "nothing was removed" is usually
 *       evident from the filter itself, and assuming otherwise would be unsafe.</li>
 * </ul>
 *
 * <p>A cell is <em>sensitive</em> when its value is in 1..threshold−1. The pattern is safe when
 * <ol>
 *   <li>no sensitive cell is published (primary suppression);</li>
 *   <li>no sensitive unknown cell is exactly recomputable by any linear combination of the
 *       published cells ({@link ExactRecomputation});</li>
 *   <li>in every relation whose total the attacker knows (published or recomputable), the masked
 *       parts together do not add up to 1..threshold−1 — otherwise "these masked cells hold 7 in
 *       all" singles out a small group even when no single cell is exact.</li>
 * </ol>
 * Secondary suppression repeats until all three hold: for each violation it masks the smallest
 * non-zero candidate in the offending relation (the least information lost), looking further out
 * through linked relations only when the relation itself has none left. Cells are scanned in index
 * order and ties broken by index, so the same input always yields the same pattern — which is what
 * makes two queries over the same data consistent with each other.
 */
final class AdditiveCells {

    enum Role { CANDIDATE, KNOWN, HIDDEN }

    private final long[] values;
    private final Role[] roles;
    private final boolean[] masked;
    private final int threshold;
    private final List<int[]> relations = new ArrayList<>();
    private List<List<Integer>> relationsOfCell;
    private boolean fellBackToFullSuppression;

    AdditiveCells(int size, int threshold) {
        this.values = new long[size];
        this.roles = new Role[size];
        this.masked = new boolean[size];
        this.threshold = threshold;
        java.util.Arrays.fill(roles, Role.CANDIDATE);
    }

    void set(int cell, long value, Role role) {
        if (value < 0) {
            throw new IllegalArgumentException("counts are never negative, got " + value);
        }
        values[cell] = value;
        roles[cell] = role;
    }

    void relate(int total, List<Integer> parts) {
        int[] relation = new int[parts.size() + 1];
        relation[0] = total;
        for (int i = 0; i < parts.size(); i++) {
            relation[i + 1] = parts.get(i);
        }
        relations.add(relation);
        relationsOfCell = null;
    }

    boolean isMasked(int cell) {
        return masked[cell];
    }

    /** True when no targeted complement existed and every candidate had to be masked. */
    boolean fellBackToFullSuppression() {
        return fellBackToFullSuppression;
    }

    int size() {
        return values.length;
    }

    /** Runs primary then secondary suppression to a fixed point. */
    void protect() {
        for (int cell = 0; cell < values.length; cell++) {
            if (roles[cell] == Role.CANDIDATE && sensitive(cell)) {
                masked[cell] = true;
            }
        }
        index();
        while (true) {
            List<Violation> violations = violations();
            if (violations.isEmpty()) {
                return;
            }
            boolean progress = false;
            boolean[] touched = new boolean[relations.size()];
            for (Violation violation : violations) {
                boolean alreadyAddressed = false;
                for (int r : violation.relations) {
                    alreadyAddressed |= touched[r];
                }
                if (alreadyAddressed) {
                    continue; // a mask added this round may already fix it; re-check next round
                }
                int complement = complementFor(violation);
                if (complement >= 0) {
                    masked[complement] = true;
                    progress = true;
                    for (int r : relationsOfCell.get(complement)) {
                        touched[r] = true;
                    }
                }
            }
            if (!progress) {
                // Nothing local is left to mask. Fail safe: publish none of the candidates.
                fellBackToFullSuppression = true;
                for (int cell = 0; cell < values.length; cell++) {
                    if (roles[cell] == Role.CANDIDATE) {
                        masked[cell] = true;
                    }
                }
                return;
            }
        }
    }

    private boolean sensitive(int cell) {
        return values[cell] >= 1 && values[cell] < threshold;
    }

    private boolean unknown(int cell) {
        return masked[cell] || (roles[cell] == Role.HIDDEN && values[cell] != 0);
    }

    private void index() {
        relationsOfCell = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            relationsOfCell.add(new ArrayList<>(3));
        }
        for (int r = 0; r < relations.size(); r++) {
            for (int cell : relations.get(r)) {
                relationsOfCell.get(cell).add(r);
            }
        }
    }

    /** A sensitive cell that can be rebuilt, or a relation whose masked parts add up to a small number. */
    private record Violation(int cell, List<Integer> relations) {
    }

    private List<Violation> violations() {
        boolean[] unknown = new boolean[values.length];
        for (int cell = 0; cell < values.length; cell++) {
            unknown[cell] = unknown(cell);
        }
        boolean[] determined = ExactRecomputation.determined(unknown, relations);
        List<Violation> found = new ArrayList<>();
        for (int cell = 0; cell < values.length; cell++) {
            if (unknown[cell] && determined[cell] && sensitive(cell)) {
                found.add(new Violation(cell, relationsOfCell.get(cell)));
            }
        }
        for (int r = 0; r < relations.size(); r++) {
            int[] relation = relations.get(r);
            int total = relation[0];
            if (unknown[total] && !determined[total]) {
                continue;
            }
            long residual = 0;
            for (int k = 1; k < relation.length; k++) {
                int part = relation[k];
                if (unknown[part] && !determined[part]) {
                    residual += values[part];
                }
            }
            if (residual >= 1 && residual < threshold) {
                found.add(new Violation(-1, List.of(r)));
            }
        }
        return found;
    }

    /**
     * The candidate to mask next: the smallest non-zero published candidate in the violation's own
     * relations; failing that, in relations linked to them through unknown cells, nearest first. A
     * zero is taken only when no non-zero candidate is reachable (masking a zero adds no uncertainty
     * under the non-negativity an attacker may assume, but it does break linear recomputation).
     */
    private int complementFor(Violation violation) {
        boolean[] relationSeen = new boolean[relations.size()];
        boolean[] cellSeen = new boolean[values.length];
        List<Integer> frontier = new ArrayList<>();
        for (int r : violation.relations) {
            if (!relationSeen[r]) {
                relationSeen[r] = true;
                frontier.add(r);
            }
        }
        if (violation.cell >= 0) {
            cellSeen[violation.cell] = true;
        }
        int firstZero = -1;
        while (!frontier.isEmpty()) {
            int best = -1;
            List<Integer> nextCells = new ArrayList<>();
            for (int r : frontier) {
                for (int cell : relations.get(r)) {
                    if (roles[cell] == Role.CANDIDATE && !masked[cell]) {
                        if (values[cell] > 0) {
                            if (best < 0 || values[cell] < values[best] || (values[cell] == values[best] && cell < best)) {
                                best = cell;
                            }
                        } else if (firstZero < 0) {
                            firstZero = cell;
                        }
                    } else if (unknown(cell) && !cellSeen[cell]) {
                        cellSeen[cell] = true;
                        nextCells.add(cell);
                    }
                }
            }
            if (best >= 0) {
                return best;
            }
            List<Integer> next = new ArrayList<>();
            for (int cell : nextCells) {
                for (int r : relationsOfCell.get(cell)) {
                    if (!relationSeen[r]) {
                        relationSeen[r] = true;
                        next.add(r);
                    }
                }
            }
            frontier = next;
        }
        return firstZero;
    }
}
