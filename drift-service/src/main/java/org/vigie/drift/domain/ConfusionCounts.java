package org.vigie.drift.domain;

import java.nio.ByteBuffer;

/**
 * Mergeable binary confusion counts of labelled cases (the AI's decision against ground truth).
 * Mutable on purpose: one instance per (device, version, window[, subgroup]) in a state store.
 */
public final class ConfusionCounts {

    private static final byte FORMAT = 1;
    public static final int BYTES = 1 + 4 * 8;

    private long truePositives;
    private long falsePositives;
    private long trueNegatives;
    private long falseNegatives;

    public ConfusionCounts() {
    }

    public static ConfusionCounts of(long tp, long fp, long tn, long fn) {
        if (tp < 0 || fp < 0 || tn < 0 || fn < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        ConfusionCounts c = new ConfusionCounts();
        c.truePositives = tp;
        c.falsePositives = fp;
        c.trueNegatives = tn;
        c.falseNegatives = fn;
        return c;
    }

    public void record(boolean predictedPositive, boolean actuallyPositive) {
        if (predictedPositive) {
            if (actuallyPositive) {
                truePositives++;
            } else {
                falsePositives++;
            }
        } else if (actuallyPositive) {
            falseNegatives++;
        } else {
            trueNegatives++;
        }
    }

    public void merge(ConfusionCounts other) {
        truePositives += other.truePositives;
        falsePositives += other.falsePositives;
        trueNegatives += other.trueNegatives;
        falseNegatives += other.falseNegatives;
    }

    /** The complement of {@code part} in this total: "the rest" when {@code part} is a subgroup. */
    public ConfusionCounts minus(ConfusionCounts part) {
        return of(truePositives - part.truePositives, falsePositives - part.falsePositives,
                trueNegatives - part.trueNegatives, falseNegatives - part.falseNegatives);
    }

    public long truePositives() {
        return truePositives;
    }

    public long falsePositives() {
        return falsePositives;
    }

    public long trueNegatives() {
        return trueNegatives;
    }

    public long falseNegatives() {
        return falseNegatives;
    }

    public long positives() {
        return truePositives + falseNegatives;
    }

    public long negatives() {
        return trueNegatives + falsePositives;
    }

    public long predictedPositives() {
        return truePositives + falsePositives;
    }

    public long predictedNegatives() {
        return trueNegatives + falseNegatives;
    }

    public long total() {
        return positives() + negatives();
    }

    public double sensitivity() {
        return ratio(truePositives, positives());
    }

    public double specificity() {
        return ratio(trueNegatives, negatives());
    }

    public double falsePositiveRate() {
        return ratio(falsePositives, negatives());
    }

    public double positivePredictiveValue() {
        return ratio(truePositives, predictedPositives());
    }

    public double negativePredictiveValue() {
        return ratio(trueNegatives, predictedNegatives());
    }

    private static double ratio(long num, long den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).put(FORMAT)
                .putLong(truePositives).putLong(falsePositives).putLong(trueNegatives).putLong(falseNegatives).array();
    }

    public static ConfusionCounts fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown ConfusionCounts format " + format);
        }
        return of(b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionCounts c && c.truePositives == truePositives && c.falsePositives == falsePositives
                && c.trueNegatives == trueNegatives && c.falseNegatives == falseNegatives;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(truePositives) * 31 * 31 * 31 + Long.hashCode(falsePositives) * 31 * 31
                + Long.hashCode(trueNegatives) * 31 + Long.hashCode(falseNegatives);
    }

    @Override
    public String toString() {
        return "ConfusionCounts[tp=" + truePositives + ", fp=" + falsePositives + ", tn=" + trueNegatives
                + ", fn=" + falseNegatives + "]";
    }
}
