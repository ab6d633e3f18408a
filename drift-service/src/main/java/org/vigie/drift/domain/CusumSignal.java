package org.vigie.drift.domain;

/** Outcome of feeding one observation to a two-sided sequential detector. */
public enum CusumSignal {
    NONE,
    /** The event rate has risen (e.g. more errors than the in-control rate). */
    INCREASE,
    /** The event rate has fallen. */
    DECREASE
}
