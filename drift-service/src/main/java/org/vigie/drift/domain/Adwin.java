package org.vigie.drift.domain;

import java.nio.ByteBuffer;

/**
 * ADWIN (ADaptive WINdowing, Bifet &amp; Gavaldà 2007), the variant with an exponential histogram
 * of buckets (ADWIN2) as in MOA: the window keeps at most M buckets per size 2^i, so memory and
 * time are O(M·log(W)). Every {@code clock} observations it checks all split points between
 * buckets, and drops the older part while the two sub-windows' means differ by more than
 * ε_cut = √(2·m·σ²_W·ln(2·ln W / δ)) + (2/3)·m·ln(2·ln W / δ), m = 1/(n0 − 4) + 1/(n1 − 4).
 *
 * <p>A signal is a cut: the stale part of the window is discarded, which is ADWIN's own reset —
 * after a signal the window holds only data from after the change. Buckets live in flat arrays,
 * so {@link #update} allocates nothing. Suitable for values in [0, 1] (error indicators, scores).
 */
public final class Adwin {

    private static final byte FORMAT = 1;
    private static final int MAX_ROWS = 48;
    private static final int MIN_SUBWINDOW = 5;

    private final double delta;
    private final int maxBuckets;
    private final int clock;
    // Row r holds buckets of 2^r observations, oldest first.
    private final double[] totals;
    private final double[] variances;
    private final int[] rowSize;
    private int rows;
    private long width;
    private double total;
    private double variance;
    private long time;
    private long lastDetection = -1;

    /** delta = 0.002, 5 buckets per row and a check every 32 observations are MOA's defaults. */
    public Adwin(double delta) {
        this(delta, 5, 32);
    }

    public Adwin(double delta, int maxBuckets, int clock) {
        if (!(delta > 0 && delta < 1) || maxBuckets < 2 || clock < 1) {
            throw new IllegalArgumentException("need 0 < delta < 1, maxBuckets >= 2, clock >= 1");
        }
        this.delta = delta;
        this.maxBuckets = maxBuckets;
        this.clock = clock;
        this.totals = new double[MAX_ROWS * (maxBuckets + 1)];
        this.variances = new double[MAX_ROWS * (maxBuckets + 1)];
        this.rowSize = new int[MAX_ROWS];
    }

    /** Adds one observation; true when the window was cut (a change was detected). */
    public boolean update(double value) {
        time++;
        insert(value);
        return time % clock == 0 && width > 2L * MIN_SUBWINDOW && shrinkWhileChanged();
    }

    public double mean() {
        return width == 0 ? Double.NaN : total / width;
    }

    public long width() {
        return width;
    }

    /** Population variance of the values in the window. */
    public double variance() {
        return width == 0 ? Double.NaN : variance / width;
    }

    public double delta() {
        return delta;
    }

    /** Observation count (since creation) at the last detected change, -1 if none. */
    public long lastDetection() {
        return lastDetection;
    }

    public void reset() {
        java.util.Arrays.fill(rowSize, 0);
        rows = 0;
        width = 0;
        total = 0;
        variance = 0;
    }

    private void insert(double value) {
        if (rows == 0) {
            rows = 1;
        }
        int slot = rowSize[0]++;
        totals[slot] = value;
        variances[slot] = 0;
        width++;
        if (width > 1) {
            double d = value - total / (width - 1);
            variance += (width - 1) * d * d / width;
        }
        total += value;
        compress();
    }

    private void compress() {
        int stride = maxBuckets + 1;
        for (int r = 0; r < rows; r++) {
            if (rowSize[r] <= maxBuckets) {
                return;
            }
            if (r + 1 == MAX_ROWS) {
                throw new IllegalStateException("ADWIN window exceeds 2^" + MAX_ROWS + " observations");
            }
            int base = r * stride;
            double n = Math.pow(2, r);
            double mean0 = totals[base] / n;
            double mean1 = totals[base + 1] / n;
            double mergedTotal = totals[base] + totals[base + 1];
            double mergedVariance = variances[base] + variances[base + 1] + n * n * (mean0 - mean1) * (mean0 - mean1) / (2 * n);
            // Drop the two oldest buckets of row r.
            System.arraycopy(totals, base + 2, totals, base, rowSize[r] - 2);
            System.arraycopy(variances, base + 2, variances, base, rowSize[r] - 2);
            rowSize[r] -= 2;
            if (r + 1 == rows) {
                rows++;
            }
            int next = (r + 1) * stride + rowSize[r + 1]++;
            totals[next] = mergedTotal;
            variances[next] = mergedVariance;
        }
    }

    private boolean shrinkWhileChanged() {
        boolean changed = false;
        boolean cut = true;
        int stride = maxBuckets + 1;
        while (cut) {
            cut = false;
            long n0 = 0;
            long n1 = width;
            double u0 = 0;
            double u1 = total;
            // Scan split points from the oldest bucket to the newest.
            scan:
            for (int r = rows - 1; r >= 0; r--) {
                double size = Math.pow(2, r);
                for (int k = 0; k < rowSize[r]; k++) {
                    double bucketTotal = totals[r * stride + k];
                    n0 += (long) size;
                    n1 -= (long) size;
                    u0 += bucketTotal;
                    u1 -= bucketTotal;
                    if (r == 0 && k == rowSize[r] - 1) {
                        break scan;
                    }
                    if (n0 > MIN_SUBWINDOW + 1 && n1 > MIN_SUBWINDOW + 1 && exceedsCutBound(n0, n1, u0 / n0 - u1 / n1)) {
                        dropOldestBucket();
                        changed = true;
                        cut = true;
                        break scan;
                    }
                }
            }
        }
        if (changed) {
            lastDetection = time;
        }
        return changed;
    }

    private boolean exceedsCutBound(long n0, long n1, double difference) {
        double logTerm = Math.log(2 * Math.log(width) / delta);
        double m = 1.0 / (n0 - MIN_SUBWINDOW + 1) + 1.0 / (n1 - MIN_SUBWINDOW + 1);
        double windowVariance = variance / width;
        double epsilon = Math.sqrt(2 * m * windowVariance * logTerm) + 2.0 / 3.0 * logTerm * m;
        return Math.abs(difference) > epsilon;
    }

    private void dropOldestBucket() {
        int r = rows - 1;
        int stride = maxBuckets + 1;
        int base = r * stride;
        double n = Math.pow(2, r);
        double bucketTotal = totals[base];
        double bucketVariance = variances[base];
        width -= (long) n;
        total -= bucketTotal;
        double mean = bucketTotal / n;
        double removed = bucketVariance + (width == 0 ? 0 : n * width * Math.pow(mean - total / width, 2) / (n + width));
        variance = Math.max(0.0, variance - removed);
        System.arraycopy(totals, base + 1, totals, base, rowSize[r] - 1);
        System.arraycopy(variances, base + 1, variances, base, rowSize[r] - 1);
        rowSize[r]--;
        while (rows > 0 && rowSize[rows - 1] == 0) {
            rows--;
        }
    }

    public byte[] toBytes() {
        int buckets = 0;
        for (int r = 0; r < rows; r++) {
            buckets += rowSize[r];
        }
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + 4 + 8 + 8 + 8 + 8 + 8 + 4 + rows * 4 + buckets * 16);
        b.put(FORMAT).putDouble(delta).putInt(maxBuckets).putInt(clock)
                .putLong(width).putDouble(total).putDouble(variance).putLong(time).putLong(lastDetection).putInt(rows);
        int stride = maxBuckets + 1;
        for (int r = 0; r < rows; r++) {
            b.putInt(rowSize[r]);
            for (int k = 0; k < rowSize[r]; k++) {
                b.putDouble(totals[r * stride + k]).putDouble(variances[r * stride + k]);
            }
        }
        return b.array();
    }

    public static Adwin fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown Adwin format " + format);
        }
        Adwin a = new Adwin(b.getDouble(), b.getInt(), b.getInt());
        a.width = b.getLong();
        a.total = b.getDouble();
        a.variance = b.getDouble();
        a.time = b.getLong();
        a.lastDetection = b.getLong();
        a.rows = b.getInt();
        int stride = a.maxBuckets + 1;
        for (int r = 0; r < a.rows; r++) {
            a.rowSize[r] = b.getInt();
            for (int k = 0; k < a.rowSize[r]; k++) {
                a.totals[r * stride + k] = b.getDouble();
                a.variances[r * stride + k] = b.getDouble();
            }
        }
        return a;
    }
}
