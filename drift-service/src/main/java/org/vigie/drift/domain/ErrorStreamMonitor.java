package org.vigie.drift.domain;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Detection 3: the sequential detectors on the error stream of one (device, version) — one 0/1 per
 * labelled case, in the order the labels arrive. The first {@code baselineLabels} cases give the point
 * estimate p̂ of the in-control error rate and its one-sided upper confidence bound (Wilson, confidence
 * {@code errorBaselineConfidence}); then a {@link BernoulliCusumBank} runs: one-sided CUSUMs centred on p̂,
 * tuned to p̂·(1 + r) for each configured relative rise r, thresholds set (union bound) so that the bank's
 * in-control ARL meets the target even if the true rate is at the upper bound — the estimation error of p̂
 * is paid for in the thresholds, not by moving the charts' centre up (which absorbed small rises). Optionally
 * ADWIN runs too. Only rises are signalled: a falling error rate is not a safety signal.
 *
 * <p>Designs are cached per (p̂, bound, shifts, ARL); p̂ and the bound are put on a grid of 0.0005 (p̂ rounded
 * to nearest, the bound rounded up) so that designs are shared.
 *
 * <p>State format 2 (this class); format 1 (a two-sided {@link BernoulliCusum} centred on the Wilson upper
 * bound) is still read: such a monitor carries on with its old chart (its upper side) until the store is reset.
 */
public final class ErrorStreamMonitor {

    private static final byte FORMAT_LEGACY = 1;
    private static final byte FORMAT = 2;
    private static final double GRID = 0.0005;
    private static final Map<String, BernoulliCusumBank.Design> DESIGNS = new ConcurrentHashMap<>();

    /**
     * An alarm of one detector: which one, the rates it compares, its statistic, and the rate the firing chart is
     * tuned to (NaN for ADWIN).
     */
    public record Alarm(String detector, double inControlRate, double recentRate, long observations,
                        double statistic, double threshold, double tunedRate) {
    }

    private long baselineLabels;
    private long baselineErrors;
    private BernoulliCusumBank bank;
    private Adwin adwin;
    private long recentLabels;
    private long recentErrors;
    private boolean alarmSinceLastWindow;

    public ErrorStreamMonitor() {
    }

    /** Feeds one labelled case; returns the alarm when a detector signals an increase of the error rate. */
    public Alarm update(boolean error, DriftSettings settings) {
        if (bank == null) {
            baselineLabels++;
            if (error) {
                baselineErrors++;
            }
            if (baselineLabels >= settings.errorBaselineLabels()) {
                start(settings);
            }
            return null;
        }
        recentLabels++;
        if (error) {
            recentErrors++;
        }
        Alarm alarm = null;
        long observations = bank.observationsSinceReset() + 1;
        int fired = bank.update(error);
        if (fired >= 0) {
            BernoulliCusumBank.Chart chart = bank.design().charts().get(fired);
            alarm = new Alarm("Bernoulli CUSUM", bank.design().p0(), recentRate(), observations, bank.lastSignalStatistic(), chart.h(),
                    chart.p1());
        }
        if (adwin != null) {
            double before = adwin.mean();
            if (adwin.update(error ? 1.0 : 0.0) && adwin.mean() > before && alarm == null) {
                alarm = new Alarm("ADWIN", before, adwin.mean(), adwin.width(), adwin.mean() - before, adwin.delta(),
                        Double.NaN);
            }
        }
        if (alarm != null) {
            alarmSinceLastWindow = true;
            recentLabels = 0;
            recentErrors = 0;
        }
        return alarm;
    }

    private double recentRate() {
        return recentLabels == 0 ? 0.0 : (double) recentErrors / recentLabels;
    }

    private void start(DriftSettings settings) {
        bank = new BernoulliCusumBank(design(baselineErrors, baselineLabels, settings));
        if (!Double.isNaN(settings.adwinDelta())) {
            adwin = new Adwin(settings.adwinDelta());
        }
    }

    /** The bank's design for a baseline of {@code errors} out of {@code labels} (cached). */
    public static BernoulliCusumBank.Design design(long errors, long labels, DriftSettings settings) {
        double estimate = (double) errors / labels;
        double p0 = Math.min(0.9, Math.max(GRID, Math.round(estimate / GRID) * GRID));
        double upper = BinomialInterval.WILSON.upperBound(errors, labels, settings.errorBaselineConfidence());
        double pGuard = Math.min(0.95, Math.max(p0, Math.ceil(upper / GRID - 1e-9) * GRID));
        String key = p0 + "|" + pGuard + "|" + settings.errorRelativeShifts() + "|" + settings.errorTargetArl();
        return DESIGNS.computeIfAbsent(key,
                k -> BernoulliCusumBank.design(p0, pGuard, settings.errorRelativeShifts(), settings.errorTargetArl()));
    }

    public boolean started() {
        return bank != null;
    }

    public double inControlRate() {
        return bank == null ? Double.NaN : bank.design().p0();
    }

    /** Whether a detector alarmed since the last call; clears the flag (the hysteresis reads it per window). */
    public boolean takeAlarmSinceLastWindow() {
        boolean a = alarmSinceLastWindow;
        alarmSinceLastWindow = false;
        return a;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT);
            out.writeLong(baselineLabels);
            out.writeLong(baselineErrors);
            out.writeLong(recentLabels);
            out.writeLong(recentErrors);
            out.writeBoolean(alarmSinceLastWindow);
            byte[] c = bank == null ? new byte[0] : bank.toBytes();
            out.writeInt(c.length);
            out.write(c);
            byte[] a = adwin == null ? new byte[0] : adwin.toBytes();
            out.writeInt(a.length);
            out.write(a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    public static ErrorStreamMonitor fromBytes(byte[] bytes) {
        ErrorStreamMonitor m = new ErrorStreamMonitor();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_LEGACY) {
                throw new IllegalArgumentException("unknown ErrorStreamMonitor format " + format);
            }
            m.baselineLabels = in.readLong();
            m.baselineErrors = in.readLong();
            m.recentLabels = in.readLong();
            m.recentErrors = in.readLong();
            m.alarmSinceLastWindow = in.readBoolean();
            byte[] c = new byte[in.readInt()];
            in.readFully(c);
            if (c.length > 0) {
                m.bank = format == FORMAT_LEGACY
                        ? BernoulliCusumBank.fromLegacy(BernoulliCusum.fromBytes(c), Double.NaN)
                        : BernoulliCusumBank.fromBytes(c);
            }
            byte[] a = new byte[in.readInt()];
            in.readFully(a);
            m.adwin = a.length == 0 ? null : Adwin.fromBytes(a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
