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
 * labelled case, in the order the labels arrive. The first {@code baselineLabels} cases set the
 * in-control error rate p0 (its one-sided 97.5 % Wilson upper bound, rounded up to 0.005, so that the
 * estimation error of p0 does not turn into false alarms); then a two-sided Bernoulli CUSUM designed for
 * the target in-control ARL runs, and optionally ADWIN. Designs are cached per (p0, shift, ARL): a
 * design costs about half a second.
 */
public final class ErrorStreamMonitor {

    private static final byte FORMAT = 1;
    private static final Map<String, BernoulliCusum.Design> DESIGNS = new ConcurrentHashMap<>();

    /** An alarm of one detector: which one, the rates it compares and its statistic. */
    public record Alarm(String detector, double inControlRate, double recentRate, long observations,
                        double statistic, double threshold) {
    }

    private long baselineLabels;
    private long baselineErrors;
    private BernoulliCusum cusum;
    private Adwin adwin;
    private long recentLabels;
    private long recentErrors;
    private boolean alarmSinceLastWindow;

    public ErrorStreamMonitor() {
    }

    /** Feeds one labelled case; returns the alarm when a detector signals an increase of the error rate. */
    public Alarm update(boolean error, DriftSettings settings) {
        if (cusum == null) {
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
        long observations = cusum.observationsSinceReset() + 1;
        double statistic = cusum.upperStatistic();
        CusumSignal s = cusum.update(error);
        if (s == CusumSignal.INCREASE) {
            alarm = new Alarm("Bernoulli CUSUM", cusum.design().p0(), recentRate(), observations,
                    Math.max(statistic, cusum.design().hUp()), cusum.design().hUp());
        }
        if (adwin != null) {
            double before = adwin.mean();
            if (adwin.update(error ? 1.0 : 0.0) && adwin.mean() > before && alarm == null) {
                alarm = new Alarm("ADWIN", before, adwin.mean(), adwin.width(), adwin.mean() - before, adwin.delta());
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
        double upper = BinomialInterval.WILSON.upperBound(baselineErrors, baselineLabels, 0.975);
        double p0 = Math.min(0.9, Math.max(0.005, Math.ceil(upper * 200) / 200));
        double pUp = Math.min(0.99, p0 * (1 + settings.errorRelativeShift()));
        double pDown = p0 * (1 - settings.errorRelativeShift());
        String key = p0 + "|" + pUp + "|" + pDown + "|" + settings.errorTargetArl();
        cusum = new BernoulliCusum(DESIGNS.computeIfAbsent(key,
                k -> BernoulliCusum.design(p0, pUp, pDown > 0 ? pDown : Double.NaN, settings.errorTargetArl())));
        if (!Double.isNaN(settings.adwinDelta())) {
            adwin = new Adwin(settings.adwinDelta());
        }
    }

    public boolean started() {
        return cusum != null;
    }

    public double inControlRate() {
        return cusum == null ? Double.NaN : cusum.design().p0();
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
            byte[] c = cusum == null ? new byte[0] : cusum.toBytes();
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
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown ErrorStreamMonitor format " + format);
            }
            m.baselineLabels = in.readLong();
            m.baselineErrors = in.readLong();
            m.recentLabels = in.readLong();
            m.recentErrors = in.readLong();
            m.alarmSinceLastWindow = in.readBoolean();
            byte[] c = new byte[in.readInt()];
            in.readFully(c);
            m.cusum = c.length == 0 ? null : BernoulliCusum.fromBytes(c);
            byte[] a = new byte[in.readInt()];
            in.readFully(a);
            m.adwin = a.length == 0 ? null : Adwin.fromBytes(a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
