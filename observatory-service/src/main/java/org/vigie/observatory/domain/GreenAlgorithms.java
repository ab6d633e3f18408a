package org.vigie.observatory.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Energy and carbon of inference batches by the Green Algorithms method (Lannelongue, Grealey &
 * Inouye, Adv. Sci. 2021), as the national strategy's "frugal AI" asks: footprint per inference
 * in the project's dashboards.
 *
 * <pre>
 * energy (kWh) = runtime (h) × (cores × W per core × usage + memory (GB) × 0.3725 W/GB) × PUE / 1000
 * energy (kWh) = measured joules / 3.6e6          when the device measures its own consumption
 * carbon (gCO₂e) = energy (kWh) × grid intensity (gCO₂e/kWh)
 * per 1,000 inferences = batch total / inferences × 1000
 * </pre>
 */
public final class GreenAlgorithms {

    /** Power draw of memory per GB, from the Green Algorithms paper. */
    public static final double MEMORY_WATTS_PER_GB = 0.3725;
    public static final double JOULES_PER_KWH = 3.6e6;

    private GreenAlgorithms() {
    }

    /**
     * What a device declares about the hardware it runs on.
     *
     * @param cores        cores (or GPUs) used
     * @param wattsPerCore thermal design power per core (or per GPU), W
     * @param usage        average usage factor of those cores, 0..1
     * @param memoryGb     memory available to the computation, GB
     * @param pue          data-centre power usage effectiveness, ≥ 1 (1.0 for an on-premise
     *                     workstation when nothing better is known)
     */
    public record ComputeProfile(int cores, double wattsPerCore, double usage, double memoryGb, double pue) {
        public ComputeProfile {
            if (cores < 0) {
                throw new IllegalArgumentException("cores must be ≥ 0, got " + cores);
            }
            requireFinite("wattsPerCore", wattsPerCore, 0, Double.MAX_VALUE);
            requireFinite("usage", usage, 0, 1);
            requireFinite("memoryGb", memoryGb, 0, Double.MAX_VALUE);
            requireFinite("pue", pue, 1, Double.MAX_VALUE);
        }

        /** Facility-level power draw while running, W. */
        public double watts() {
            return (cores * wattsPerCore * usage + memoryGb * MEMORY_WATTS_PER_GB) * pue;
        }
    }

    /** Energy, kWh, of a batch that ran {@code runtime} on {@code profile}. */
    public static double estimatedKwh(ComputeProfile profile, Duration runtime) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(runtime, "runtime");
        if (runtime.isNegative()) {
            throw new IllegalArgumentException("runtime must not be negative");
        }
        double hours = runtime.toNanos() / 3.6e12;
        return hours * profile.watts() / 1000.0;
    }

    /**
     * Energy, kWh, from the joules the device measured. Taken as reported: if the device measures
     * only its processors, it is the device's job to include the facility overhead it knows of.
     */
    public static double measuredKwh(double joules) {
        requireFinite("joules", joules, 0, Double.MAX_VALUE);
        return joules / JOULES_PER_KWH;
    }

    /** Carbon, gCO₂e, of {@code kwh} on a grid of the given intensity. */
    public static double carbonGrams(double kwh, double gramsPerKwh) {
        requireFinite("kwh", kwh, 0, Double.MAX_VALUE);
        requireFinite("gramsPerKwh", gramsPerKwh, 0, Double.MAX_VALUE);
        return kwh * gramsPerKwh;
    }

    /** A batch total brought to 1,000 inferences; empty when the batch had no inference. */
    public static OptionalDouble perThousandInferences(double batchTotal, long inferences) {
        if (inferences < 0) {
            throw new IllegalArgumentException("inferences must be ≥ 0, got " + inferences);
        }
        if (inferences == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(batchTotal / inferences * 1000.0);
    }

    /** Energy and carbon of a batch, in total and per 1,000 inferences. */
    public record BatchFootprint(double kwh, double gramsCo2e, OptionalDouble kwhPerThousand,
            OptionalDouble gramsCo2ePerThousand) {
    }

    /** The footprint of a batch whose energy is known, on the grid of {@code countryCode}. */
    public static BatchFootprint footprint(double kwh, long inferences, GridCarbonIntensity grid, String countryCode) {
        double grams = carbonGrams(kwh, grid.gramsPerKwh(countryCode));
        return new BatchFootprint(kwh, grams, perThousandInferences(kwh, inferences),
                perThousandInferences(grams, inferences));
    }

    private static void requireFinite(String name, double value, double min, double max) {
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new IllegalArgumentException(name + " must be a finite number in [" + min + ", " + max + "], got " + value);
        }
    }
}
