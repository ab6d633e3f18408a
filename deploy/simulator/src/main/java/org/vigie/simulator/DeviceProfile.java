package org.vigie.simulator;

import java.util.List;
import java.util.Set;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.OutcomeSource;

/**
 * One simulated AI device: what its manufacturer registers (identity, claims, references) and how it behaves
 * in the field (case load, who its patients are, how it scores them, when ground truth arrives, what clinicians
 * do with its output).
 *
 * @param registration  the registration of its current model version
 * @param features      its inputs, drawn from their declared references
 * @param patients      sex and age of its patients, for the subgroups (age is also a feature when declared)
 * @param scores        its operating point in the field (better than claimed when nothing is wrong)
 * @param casesPerDay   mean inferences per weekday across the fleet, before the volume factor
 * @param hours         when in the day it works
 * @param weekendFactor weekend case load relative to a weekday
 * @param siteTypes     the kinds of establishment that use it
 * @param siteCount     how many of them do
 * @param labels        when and how ground truth arrives
 * @param usage         what clinicians do with its output
 * @param latencyMs     median inference latency
 * @param measuresEnergy whether it reports measured joules per inference (else the platform estimates them)
 */
public record DeviceProfile(
        DeviceRegistration registration,
        List<FeatureModel> features,
        Patients patients,
        ScoreModel scores,
        double casesPerDay,
        Hours hours,
        double weekendFactor,
        Set<SiteType> siteTypes,
        int siteCount,
        Labels labels,
        Usage usage,
        double latencyMs,
        boolean measuresEnergy) {

    public String deviceId() {
        return registration.deviceId();
    }

    public String manufacturerId() {
        return registration.manufacturerId();
    }

    public String modelVersion() {
        return registration.modelVersion();
    }

    /** The patients a device sees: share of women and the age distribution (years). */
    public record Patients(double femaleShare, FeatureModel.Numeric age) {
    }

    /**
     * @param share           share of cases whose ground truth ever arrives within the simulated span
     * @param medianDelayHours median delay from inference to ground truth (log-normal)
     * @param sigma           log-normal spread of the delay
     * @param positiveSource  how a positive is confirmed (a biopsy, say)
     * @param negativeSource  how a negative is (a second reading, a follow-up)
     */
    public record Labels(double share, double medianDelayHours, double sigma, OutcomeSource positiveSource,
                         OutcomeSource negativeSource) {
    }

    /**
     * @param share        share of inferences whose use is recorded
     * @param overrideRate share of recorded decisions that override the AI
     * @param ignoreRate   share that ignore it
     * @param userRoles    who uses it
     * @param specialty    in which specialty
     */
    public record Usage(double share, double overrideRate, double ignoreRate, List<String> userRoles, String specialty) {
    }

    /** The hours a device works in: office hours (imaging, pathology, GP) or round the clock (emergencies). */
    public enum Hours {
        OFFICE(new double[] {0, 0, 0, 0, 0, 0, 0.2, 0.6, 1.0, 1.0, 1.0, 0.9, 0.6, 0.8, 1.0, 1.0, 1.0, 0.8, 0.5, 0.2, 0, 0, 0, 0}),
        ROUND_THE_CLOCK(new double[] {0.4, 0.35, 0.3, 0.3, 0.3, 0.35, 0.5, 0.7, 0.9, 1.0, 1.0, 1.0, 0.95, 0.95, 1.0, 1.0, 1.0,
                1.0, 1.0, 0.95, 0.85, 0.7, 0.6, 0.5});

        private final double[] cumulative;

        Hours(double[] weights) {
            this.cumulative = Draws.cumulative(weights);
        }

        /** An hour of the day drawn by activity. */
        int drawHour(java.util.SplittableRandom random) {
            return Draws.pick(random, cumulative);
        }
    }
}
