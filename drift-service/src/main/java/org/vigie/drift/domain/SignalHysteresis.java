package org.vigie.drift.domain;

import java.nio.ByteBuffer;

/**
 * Signal hygiene for one open condition (device, version, kind, metric, feature or subgroup): a
 * condition must hold on {@code fireAfter} consecutive evaluations before a signal fires, and be
 * absent on {@code clearAfter} consecutive evaluations before the condition clears and may fire
 * again. One noisy window neither raises nor clears an alert, and a persisting problem fires once.
 */
public final class SignalHysteresis {

    public enum State { ARMED, FIRING }

    public enum Transition { NONE, FIRED, CLEARED }

    private static final byte FORMAT = 1;
    public static final int BYTES = 1 + 4 + 4 + 1 + 4;

    private final int fireAfter;
    private final int clearAfter;
    private State state = State.ARMED;
    private int streak;

    public SignalHysteresis(int fireAfter, int clearAfter) {
        if (fireAfter < 1 || clearAfter < 1) {
            throw new IllegalArgumentException("fireAfter and clearAfter must be >= 1");
        }
        this.fireAfter = fireAfter;
        this.clearAfter = clearAfter;
    }

    public Transition evaluate(boolean conditionPresent) {
        if (state == State.ARMED) {
            streak = conditionPresent ? streak + 1 : 0;
            if (streak >= fireAfter) {
                state = State.FIRING;
                streak = 0;
                return Transition.FIRED;
            }
        } else {
            streak = conditionPresent ? 0 : streak + 1;
            if (streak >= clearAfter) {
                state = State.ARMED;
                streak = 0;
                return Transition.CLEARED;
            }
        }
        return Transition.NONE;
    }

    public State state() {
        return state;
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).put(FORMAT).putInt(fireAfter).putInt(clearAfter)
                .put((byte) state.ordinal()).putInt(streak).array();
    }

    public static SignalHysteresis fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown SignalHysteresis format " + format);
        }
        SignalHysteresis h = new SignalHysteresis(b.getInt(), b.getInt());
        h.state = State.values()[b.get()];
        h.streak = b.getInt();
        return h;
    }
}
