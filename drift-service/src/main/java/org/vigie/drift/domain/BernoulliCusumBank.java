package org.vigie.drift.domain;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A bank of one-sided (upper) Bernoulli CUSUMs on one 0/1 stream, each tuned to a different rise of the
 * event rate p0 → p0·(1 + r): a single CUSUM is optimal only near the shift it is tuned to (one tuned to +50 %
 * is slow on +10 %), a bank of a few covers a range of shifts at the price of a slightly higher threshold each.
 *
 * <p>False-alarm control, by a union bound. Each of the K charts gets an in-control ARL of K·target, so the
 * bank's false-alarm rate is at most Σ 1/ARLₖ = 1/target (the charts see the same data and are positively
 * correlated, so the union bound is conservative; the tests and the MOA benchmark measure the real rate). Every
 * chart resets after any chart signals (a renewal: the bound holds for the bank as a whole).
 *
 * <p>Estimated in-control rate. The charts are centred on an estimate p0 of the in-control rate, and each
 * threshold is chosen so that the ARL target is met when the true in-control rate is as high as {@code pGuard}
 * (an upper confidence bound of p0): the "guaranteed conditional performance" design of Gandy and Kvaløy
 * (Scand. J. Stat. 2013) — with the confidence of that bound, the bank's real in-control ARL is at least the
 * target, whatever the estimation error. The guard costs most to the charts tuned to small shifts (pGuard is
 * close to their tuned rate): a chart whose expected step under pGuard is not negative cannot be designed, and a
 * chart that is then not the fastest of the bank at its own tuned rate (zero-state ARL, Markov chain) is useless;
 * both are left out (a baseline too short for a shift that small) and their share of the budget goes to the others.
 *
 * <p>State: the K statistics and the observation count; {@link #update} allocates nothing.
 */
public final class BernoulliCusumBank {

    private static final byte FORMAT = 1;

    /** One chart: the rate it is tuned to and its threshold (log-likelihood-ratio units). */
    public record Chart(double p1, double h) {
    }

    /**
     * @param p0        centre of the charts (the estimated in-control rate)
     * @param pGuard    in-control rate at which the ARL target is guaranteed (≥ p0)
     * @param targetArl the bank's in-control ARL (union bound)
     * @param charts    the charts kept, by increasing p1
     */
    public record Design(double p0, double pGuard, double targetArl, List<Chart> charts) {

        public Design {
            if (!(p0 > 0 && p0 < 1) || !(pGuard >= p0 && pGuard < 1)) {
                throw new IllegalArgumentException("need 0 < p0 <= pGuard < 1");
            }
            charts = List.copyOf(charts);
            if (charts.isEmpty()) {
                throw new IllegalArgumentException("a bank needs at least one chart");
            }
            for (Chart c : charts) {
                if (!(c.p1() > p0 && c.p1() < 1 && c.h() > 0)) {
                    throw new IllegalArgumentException("need p0 < p1 < 1 and h > 0");
                }
            }
        }
    }

    /**
     * Designs the bank. Charts tuned to p0·(1 + r) for each relative shift r (capped at 0.99); each threshold gives
     * the chart an in-control ARL of K·target at pGuard; a chart that pGuard would not keep in control, or that is
     * not the fastest of the bank at its own tuned rate once guarded, is dropped (see the class comment).
     */
    public static Design design(double p0, double pGuard, List<Double> relativeShifts, double targetArl) {
        List<Double> p1s = new ArrayList<>();
        for (double r : relativeShifts) {
            double p1 = Math.min(0.99, p0 * (1 + r));
            if (p1 > p0 && !p1s.contains(p1)) {
                p1s.add(p1);
            }
        }
        p1s.sort(Double::compare);
        // Charts the pessimistic in-control rate would not keep in control (expected step ≥ 0) cannot be designed;
        // one left with under a fifth of its in-control drift would need a threshold several times the others'
        // (slow, and costly to design): it cannot be the fastest at its tuned rate, so it is not designed either.
        List<Double> kept = new ArrayList<>();
        for (double p1 : p1s) {
            if (drift(p0, p1, pGuard) <= 0.2 * drift(p0, p1, p0)) {
                kept.add(p1);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("in-control rate bound " + pGuard + " too close to every tuned rate");
        }
        List<Chart> charts = thresholds(p0, pGuard, kept, targetArl);
        // A chart that is not the fastest of the bank at its own tuned rate (zero-state ARL, on a grid of 8 units per
        // small step: a comparison, not a design) only costs budget:
        // drop it, and redesign the others with the budget shared among fewer charts (one pass).
        List<Double> useful = new ArrayList<>();
        for (Chart c : charts) {
            double own = CusumRunLength.averageRunLength(p0, c.p1(), c.h(), c.p1(), 8);
            boolean fastest = true;
            for (Chart other : charts) {
                if (other != c && CusumRunLength.averageRunLength(p0, other.p1(), other.h(), c.p1(), 8) < own) {
                    fastest = false;
                    break;
                }
            }
            if (fastest) {
                useful.add(c.p1());
            }
        }
        if (useful.size() < charts.size()) {
            charts = thresholds(p0, pGuard, useful, targetArl);
        }
        return new Design(p0, pGuard, targetArl, charts);
    }

    private static List<Chart> thresholds(double p0, double pGuard, List<Double> p1s, double targetArl) {
        double perChart = p1s.size() * targetArl;
        List<Chart> charts = new ArrayList<>();
        for (double p1 : p1s) {
            charts.add(new Chart(p1, CusumRunLength.thresholdFor(p0, p1, perChart, pGuard)));
        }
        return charts;
    }

    /** Expected log-likelihood-ratio step of the chart p0 → p1 when the true rate is p (negative: in control). */
    static double drift(double p0, double p1, double p) {
        return p * Math.log(p1 / p0) + (1 - p) * Math.log((1 - p1) / (1 - p0));
    }

    private final Design design;
    private final double[] onEvent;
    private final double[] onNonEvent;
    private final double[] statistic;
    private long observations;
    private double lastSignalStatistic = Double.NaN;

    public BernoulliCusumBank(Design design) {
        this.design = design;
        int k = design.charts().size();
        onEvent = new double[k];
        onNonEvent = new double[k];
        statistic = new double[k];
        for (int i = 0; i < k; i++) {
            double p1 = design.charts().get(i).p1();
            onEvent[i] = Math.log(p1 / design.p0());
            onNonEvent[i] = Math.log((1 - p1) / (1 - design.p0()));
        }
    }

    /**
     * Feeds one event; returns the index (in {@link Design#charts()}) of the chart that crossed its threshold —
     * the one with the largest statistic-to-threshold ratio if several did — or −1. All charts reset after a signal.
     */
    public int update(boolean event) {
        observations++;
        int fired = -1;
        double best = 0;
        for (int i = 0; i < statistic.length; i++) {
            double s = Math.max(0.0, statistic[i] + (event ? onEvent[i] : onNonEvent[i]));
            statistic[i] = s;
            double ratio = s / design.charts().get(i).h();
            if (ratio >= 1 && ratio > best) {
                best = ratio;
                fired = i;
            }
        }
        if (fired >= 0) {
            lastSignalStatistic = statistic[fired];
            reset();
        }
        return fired;
    }

    public void reset() {
        java.util.Arrays.fill(statistic, 0.0);
        observations = 0;
    }

    public Design design() {
        return design;
    }

    public double statistic(int chart) {
        return statistic[chart];
    }

    /** The statistic of the chart that signalled last (before its reset); NaN before any signal. Not stored. */
    public double lastSignalStatistic() {
        return lastSignalStatistic;
    }

    public long observationsSinceReset() {
        return observations;
    }

    public byte[] toBytes() {
        int k = statistic.length;
        ByteBuffer b = ByteBuffer.allocate(1 + 3 * 8 + 4 + k * 3 * 8 + 8).put(FORMAT)
                .putDouble(design.p0()).putDouble(design.pGuard()).putDouble(design.targetArl()).putInt(k);
        for (int i = 0; i < k; i++) {
            b.putDouble(design.charts().get(i).p1()).putDouble(design.charts().get(i).h()).putDouble(statistic[i]);
        }
        return b.putLong(observations).array();
    }

    public static BernoulliCusumBank fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown BernoulliCusumBank format " + format);
        }
        double p0 = b.getDouble();
        double pGuard = b.getDouble();
        double target = b.getDouble();
        int k = b.getInt();
        List<Chart> charts = new ArrayList<>(k);
        double[] stats = new double[k];
        for (int i = 0; i < k; i++) {
            charts.add(new Chart(b.getDouble(), b.getDouble()));
            stats[i] = b.getDouble();
        }
        BernoulliCusumBank bank = new BernoulliCusumBank(new Design(p0, pGuard, target, charts));
        System.arraycopy(stats, 0, bank.statistic, 0, k);
        bank.observations = b.getLong();
        return bank;
    }

    /** Restores the state of a legacy two-sided {@link BernoulliCusum} as a one-chart bank (its upper side). */
    static BernoulliCusumBank fromLegacy(BernoulliCusum legacy, double targetArl) {
        BernoulliCusum.Design d = legacy.design();
        BernoulliCusumBank bank = new BernoulliCusumBank(new Design(d.p0(), d.p0(), targetArl,
                List.of(new Chart(d.pUp(), d.hUp()))));
        bank.statistic[0] = legacy.upperStatistic();
        bank.observations = legacy.observationsSinceReset();
        return bank;
    }
}
