package org.vigie.drift.domain;

import java.nio.ByteBuffer;

/**
 * Two-sided Bernoulli CUSUM on a stream of 0/1 events (a labelled case is an error or not; a
 * clinician overrides the AI or not). Each side accumulates the log-likelihood ratio of its
 * out-of-control rate against the in-control rate p0 and signals when it crosses its threshold:
 * the optimal detector (Moustakides) for a step change to exactly that rate.
 *
 * <p>The thresholds are not guessed: {@link #design} picks each side's threshold so that the
 * in-control average run length (events between false alarms) meets a target, using the
 * Markov-chain ARL of {@link CusumRunLength}. Both sides reset to zero after a signal.
 *
 * <p>State is four numbers and the design; {@link #update} allocates nothing.
 */
public final class BernoulliCusum {

    private static final byte FORMAT = 1;
    public static final int BYTES = 1 + 5 * 8 + 3 * 8;

    /**
     * @param p0     in-control event rate
     * @param pUp    rate the upper side is tuned to detect (&gt; p0)
     * @param pDown  rate the lower side is tuned to detect (&lt; p0), or NaN for a one-sided chart
     * @param hUp    upper threshold (log-likelihood ratio units)
     * @param hDown  lower threshold, ignored when pDown is NaN
     */
    public record Design(double p0, double pUp, double pDown, double hUp, double hDown) {

        public Design {
            if (!(p0 > 0 && p0 < 1 && pUp > p0 && pUp < 1)) {
                throw new IllegalArgumentException("need 0 < p0 < pUp < 1");
            }
            if (!Double.isNaN(pDown) && !(pDown > 0 && pDown < p0)) {
                throw new IllegalArgumentException("need 0 < pDown < p0 (or NaN for one-sided)");
            }
        }

        public boolean twoSided() {
            return !Double.isNaN(pDown);
        }
    }

    /**
     * Designs a chart whose in-control ARL is about {@code targetInControlArl}: each side gets
     * ARL 2·target (one-sided) so that, false alarms of the two sides being nearly independent
     * renewal processes, the combined rate 1/ARL⁺ + 1/ARL⁻ is 1/target.
     */
    public static Design design(double p0, double pUp, double pDown, double targetInControlArl) {
        boolean twoSided = !Double.isNaN(pDown);
        double sideTarget = twoSided ? 2 * targetInControlArl : targetInControlArl;
        double hUp = CusumRunLength.thresholdFor(p0, pUp, sideTarget);
        double hDown = twoSided ? CusumRunLength.thresholdFor(p0, pDown, sideTarget) : Double.NaN;
        return new Design(p0, pUp, pDown, hUp, hDown);
    }

    private final Design design;
    private final double upOnEvent;
    private final double upOnNonEvent;
    private final double downOnEvent;
    private final double downOnNonEvent;
    private double upper;
    private double lower;
    private long observations;
    private long signals;

    public BernoulliCusum(Design design) {
        this.design = design;
        this.upOnEvent = Math.log(design.pUp() / design.p0());
        this.upOnNonEvent = Math.log((1 - design.pUp()) / (1 - design.p0()));
        boolean two = design.twoSided();
        this.downOnEvent = two ? Math.log(design.pDown() / design.p0()) : 0;
        this.downOnNonEvent = two ? Math.log((1 - design.pDown()) / (1 - design.p0())) : 0;
    }

    public CusumSignal update(boolean event) {
        observations++;
        upper = Math.max(0.0, upper + (event ? upOnEvent : upOnNonEvent));
        if (upper >= design.hUp()) {
            reset();
            signals++;
            return CusumSignal.INCREASE;
        }
        if (design.twoSided()) {
            lower = Math.max(0.0, lower + (event ? downOnEvent : downOnNonEvent));
            if (lower >= design.hDown()) {
                reset();
                signals++;
                return CusumSignal.DECREASE;
            }
        }
        return CusumSignal.NONE;
    }

    /** Restarts both sides from zero (after a signal, or after a re-baseline). */
    public void reset() {
        upper = 0;
        lower = 0;
        observations = 0;
    }

    public Design design() {
        return design;
    }

    public double upperStatistic() {
        return upper;
    }

    public double lowerStatistic() {
        return lower;
    }

    /** Observations since the last reset. */
    public long observationsSinceReset() {
        return observations;
    }

    public long signalCount() {
        return signals;
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).put(FORMAT)
                .putDouble(design.p0()).putDouble(design.pUp()).putDouble(design.pDown())
                .putDouble(design.hUp()).putDouble(design.hDown())
                .putDouble(upper).putDouble(lower).putLong(observations)
                .array();
    }

    /** Restores the state; {@code signals} is a per-instance diagnostic and restarts at zero. */
    public static BernoulliCusum fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown BernoulliCusum format " + format);
        }
        BernoulliCusum c = new BernoulliCusum(new Design(b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble()));
        c.upper = b.getDouble();
        c.lower = b.getDouble();
        c.observations = b.getLong();
        return c;
    }
}
