package org.vigie.simulator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vigie.contracts.events.DeviceRegistration.InputFeature;
import org.vigie.contracts.events.DeviceRegistration.ReferenceDistribution;
import org.vigie.contracts.events.FeatureType;

/**
 * An input feature of a device with the reference distribution its manufacturer declares, and draws from that
 * very distribution, so that a device nobody disturbs shows no drift. Numeric references are quantile tables
 * read with a CDF linear between quantiles (as the drift service reads them); categorical ones frequencies.
 */
public sealed interface FeatureModel permits FeatureModel.Numeric, FeatureModel.Categorical {

    String name();

    /** A value as the device sends it: a number (rounded to the feature's precision) or a category. */
    Object draw(SplittableRandom random);

    InputFeature toContract();

    /**
     * @param decimals the precision a device reports the value with (0: an integer)
     */
    record Numeric(String name, double[] probabilities, double[] quantiles, long sampleSize, int decimals)
            implements FeatureModel {

        public Numeric {
            if (probabilities.length != quantiles.length || probabilities.length < 2 || probabilities[0] != 0
                    || probabilities[probabilities.length - 1] != 1) {
                throw new IllegalArgumentException(name + ": quantiles from probability 0 to 1, one value each");
            }
            for (int i = 1; i < quantiles.length; i++) {
                if (!(probabilities[i] > probabilities[i - 1]) || quantiles[i] < quantiles[i - 1]) {
                    throw new IllegalArgumentException(name + ": quantile table must increase");
                }
            }
        }

        /** Evenly spaced probabilities (0, 1/(n-1), ..., 1) for these quantiles. */
        static Numeric of(String name, long sampleSize, int decimals, double... quantiles) {
            double[] p = new double[quantiles.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = (double) i / (p.length - 1);
            }
            return new Numeric(name, p, quantiles, sampleSize, decimals);
        }

        public double quantile(double u) {
            int i = Arrays.binarySearch(probabilities, u);
            if (i >= 0) {
                return quantiles[i];
            }
            int hi = -i - 1;
            int lo = hi - 1;
            double f = (u - probabilities[lo]) / (probabilities[hi] - probabilities[lo]);
            return quantiles[lo] + f * (quantiles[hi] - quantiles[lo]);
        }

        public double cdf(double x) {
            if (x <= quantiles[0]) {
                return 0;
            }
            if (x >= quantiles[quantiles.length - 1]) {
                return 1;
            }
            for (int i = 1; i < quantiles.length; i++) {
                if (x < quantiles[i]) {
                    double width = quantiles[i] - quantiles[i - 1];
                    double f = width == 0 ? 1 : (x - quantiles[i - 1]) / width;
                    return probabilities[i - 1] + f * (probabilities[i] - probabilities[i - 1]);
                }
            }
            return 1;
        }

        public double drawValue(SplittableRandom random) {
            return quantile(random.nextDouble());
        }

        @Override
        public Object draw(SplittableRandom random) {
            return round(drawValue(random));
        }

        /** A value at this feature's precision: a long for integers, so the JSON reads like a device's. */
        Object round(double value) {
            if (decimals == 0) {
                return Math.round(value);
            }
            double scale = Math.pow(10, decimals);
            return Math.round(value * scale) / scale;
        }

        @Override
        public InputFeature toContract() {
            return new InputFeature(name, FeatureType.NUMERIC, new ReferenceDistribution(
                    Arrays.stream(probabilities).boxed().toList(), Arrays.stream(quantiles).boxed().toList(),
                    null, sampleSize));
        }
    }

    /** Categories with their frequencies (summing to 1), in a fixed order. */
    record Categorical(String name, Map<String, Double> frequencies, long sampleSize) implements FeatureModel {

        public Categorical {
            frequencies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(frequencies));
            double sum = frequencies.values().stream().mapToDouble(Double::doubleValue).sum();
            if (Math.abs(sum - 1) > 1e-9) {
                throw new IllegalArgumentException(name + ": frequencies sum to " + sum);
            }
        }

        /** categories and frequencies alternating: "A", 0.1, "B", 0.4, ... */
        static Categorical of(String name, long sampleSize, Object... pairs) {
            Map<String, Double> map = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                map.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
            }
            return new Categorical(name, map, sampleSize);
        }

        public List<String> categories() {
            return List.copyOf(frequencies.keySet());
        }

        @Override
        public Object draw(SplittableRandom random) {
            double u = random.nextDouble();
            String last = null;
            for (Map.Entry<String, Double> e : frequencies.entrySet()) {
                u -= e.getValue();
                last = e.getKey();
                if (u < 0) {
                    return last;
                }
            }
            return last;
        }

        @Override
        public InputFeature toContract() {
            return new InputFeature(name, FeatureType.CATEGORICAL,
                    new ReferenceDistribution(null, null, frequencies, sampleSize));
        }
    }
}
