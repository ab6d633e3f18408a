package org.vigie.drift.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.drift.domain.DriftSettings;

/**
 * The acceptance scenario of issue 4: a registered device with three numeric inputs (declared N(0, 1)
 * references) and one categorical input, 20,000 inferences one second apart, and "contrast" shifted by
 * 0.5 sigma after the first 10,000. Windows of 2 h hopping by 1 h, so the shift is judged in the windows
 * ending at 4 h (78 % shifted) and 5 h (all shifted): with fire-after 2 it fires once, at 5 h.
 */
final class FeatureShiftScenario {

    static final String DEVICE = "acme-shift-01";
    static final String VERSION = "1.0.0";
    static final String SHIFTED = "contrast";
    static final int EVENTS = 20_000;

    static DriftSettings settings() {
        return DriftSettings.defaults().withWindows(Duration.ofHours(2), Duration.ofHours(1), Duration.ofMinutes(5));
    }

    static DeviceRegistration registration(String deviceId) {
        return Devices.registration(deviceId, VERSION, "acme",
                List.of(Devices.numeric("age", true), Devices.numeric(SHIFTED, true), Devices.numeric("density", true),
                        Devices.categorical("view", Map.of("CC", 0.5, "MLO", 0.3, "ML", 0.2))),
                List.of(), List.of());
    }

    static List<InferenceEvent> inferences(String deviceId, long seed) {
        Random random = new Random(seed);
        String[] views = {"CC", "MLO", "ML"};
        double[] cumulative = {0.5, 0.8, 1.0};
        List<InferenceEvent> out = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            double u = random.nextDouble();
            String view = u < cumulative[0] ? views[0] : u < cumulative[1] ? views[1] : views[2];
            double shift = i >= EVENTS / 2 ? 0.5 : 0.0;
            out.add(Devices.inference(deviceId, VERSION, Devices.START.plusSeconds(i),
                    Devices.features("age", random.nextGaussian(), SHIFTED, random.nextGaussian() + shift,
                            "density", random.nextGaussian(), "view", view),
                    random.nextDouble(), Map.of()));
        }
        return out;
    }
}
