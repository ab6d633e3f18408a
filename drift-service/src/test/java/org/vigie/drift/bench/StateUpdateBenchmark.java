package org.vigie.drift.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.FeatureType;
import org.vigie.contracts.events.UseCase;
import org.vigie.drift.domain.MonitoredVersion;
import org.vigie.drift.domain.NumericFeatureSummary;
import org.vigie.drift.domain.PaneSummary;

/**
 * Benchmark (not a test; a plain main, no JMH on this offline machine): the sketch and detector math of one
 * device with 20 numeric features and 4 subgroups, per event, in memory; and the serialized state sizes.
 * Warm-up rounds, then the median of the measured rounds. Command and figures in BENCHMARKS.md.
 */
public final class StateUpdateBenchmark {

    private StateUpdateBenchmark() {
    }

    public static void main(String[] args) {
        int events = 1_000_000;
        MonitoredVersion version = MonitoredVersion.of(registration());
        Random random = new Random(1);
        double[][] values = new double[4096][20];
        for (double[] row : values) {
            for (int f = 0; f < 20; f++) {
                row[f] = random.nextGaussian();
            }
        }
        List<List<String>> groups = List.of(List.of("sex=F", "age=40-59"), List.of("sex=M", "age=40-59"),
                List.of("sex=F", "age=60+"), List.of("sex=M", "age=60+"));
        String[] noCategories = new String[0];
        double[] inferRates = new double[7];
        double[] labelRates = new double[7];
        PaneSummary pane = null;
        for (int round = 0; round < inferRates.length; round++) {
            pane = PaneSummary.empty(version);
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                pane.addInference(i, values[i & 4095], noCategories, values[i & 4095][0] * 0.1 + 0.5);
            }
            inferRates[round] = events * 20.0 / ((System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                pane.addLabel(values[i & 4095][1] * 0.1 + 0.5, (i & 1) == 0, (i & 2) == 0, groups.get(i & 3));
            }
            labelRates[round] = events / ((System.nanoTime() - t1) / 1e9);
        }
        NumericFeatureSummary one = pane.numeric().get("f0");
        System.out.printf("feature-sketch updates/s (20 features x 10^6 inferences, median of 5 after 2 warm-up): %.3g%n",
                median(inferRates));
        System.out.printf("labelled updates/s (confusion + 2 subgroup attributes + labelled-score summary): %.3g%n",
                median(labelRates));
        System.out.printf("state per (model, feature, pane) after 10^6 values: %d bytes%n", one.toBytes().length);
        System.out.printf("whole pane (20 features, score, estimate, labels, 4 subgroups): %d bytes%n", pane.toBytes().length);
    }

    private static double median(double[] rounds) {
        double[] measured = Arrays.copyOfRange(rounds, 2, rounds.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }

    private static DeviceRegistration registration() {
        List<DeviceRegistration.InputFeature> features = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            features.add(new DeviceRegistration.InputFeature("f" + f, FeatureType.NUMERIC, null));
        }
        return new DeviceRegistration(1, "bench", "0", null, "acme", "bench", "m", "1", UseCase.values()[0], null, null,
                "bench", List.of("FR"), 0.5, List.of(), features, List.of("sex", "age"), null, null);
    }
}
