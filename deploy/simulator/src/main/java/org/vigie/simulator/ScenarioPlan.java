package org.vigie.simulator;

import java.time.Instant;
import java.util.List;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.FeedbackEvent;

/**
 * What a scenario changes in the world, asked case by case by the simulation: which model version runs, how
 * often it misses positives, how an input is shifted, how often clinicians override it; plus the field reports
 * it files, the registrations it adds and the alerts it expects. This base plan changes nothing: the baseline.
 */
public class ScenarioPlan {

    protected final Fleet fleet;
    protected final Timeline timeline;

    protected ScenarioPlan(Fleet fleet, Timeline timeline) {
        this.fleet = fleet;
        this.timeline = timeline;
    }

    /** The model version that scores this case. */
    public String modelVersion(DeviceProfile device, Site site, Instant time) {
        return device.modelVersion();
    }

    /** The share of positives the model scores like negatives for this case (0 when it performs as usual). */
    public double missRate(DeviceProfile device, String modelVersion, Site site, Instant time, String sex, String ageBand) {
        return 0;
    }

    /** Added to a numeric feature's value as the device measures it (0: as in the reference). */
    public double featureShift(DeviceProfile device, Site site, Instant time, String feature) {
        return 0;
    }

    /** The share of recorded decisions that override the AI. */
    public double overrideRate(DeviceProfile device, Site site, Instant time) {
        return device.usage().overrideRate();
    }

    /** Field reports filed during the span. */
    public List<FeedbackEvent> fieldReports() {
        return List.of();
    }

    /** Registrations beyond the fleet's current versions (a new model version). */
    public List<DeviceRegistration> extraRegistrations() {
        return List.of();
    }

    public List<ExpectedAlert> expectedAlerts() {
        return List.of();
    }

    /** A linear ramp from {@code from} at {@code start} to {@code to} at {@code stop}, held after. */
    protected static double ramp(Instant time, Instant start, Instant stop, double from, double to) {
        if (!time.isAfter(start)) {
            return from;
        }
        if (!time.isBefore(stop)) {
            return to;
        }
        double f = (double) (time.toEpochMilli() - start.toEpochMilli()) / (stop.toEpochMilli() - start.toEpochMilli());
        return from + f * (to - from);
    }
}
