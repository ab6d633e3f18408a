package org.vigie.drift.domain;

/** A confidence interval [lower, upper] at the stated confidence. */
public record Interval(double lower, double upper, double confidence) {

    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}
