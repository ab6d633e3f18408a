package org.vigie.drift.domain;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The one open condition per (device, version, kind, metric, feature or subgroup): its hysteresis and
 * how many times it has fired, which numbers its signals.
 */
public final class ConditionState {

    private final SignalHysteresis hysteresis;
    private long firings;

    public ConditionState(SignalHysteresis hysteresis, long firings) {
        this.hysteresis = hysteresis;
        this.firings = firings;
    }

    /** Feeds one evaluation; returns the firing ordinal when the condition fires, else 0. */
    public long evaluate(boolean present) {
        if (hysteresis.evaluate(present) == SignalHysteresis.Transition.FIRED) {
            return ++firings;
        }
        return 0;
    }

    public boolean firing() {
        return hysteresis.state() == SignalHysteresis.State.FIRING;
    }

    public long firings() {
        return firings;
    }

    public byte[] toBytes() {
        byte[] h = hysteresis.toBytes();
        return ByteBuffer.allocate(8 + h.length).putLong(firings).put(h).array();
    }

    public static ConditionState fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long firings = b.getLong();
        return new ConditionState(SignalHysteresis.fromBytes(Arrays.copyOfRange(bytes, 8, bytes.length)), firings);
    }
}
