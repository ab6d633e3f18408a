package org.vigie.drift.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import org.vigie.drift.domain.DriftSettings;
import org.vigie.drift.domain.MultipleTestingCorrection;
import org.vigie.drift.domain.SubgroupGapPolicy;

/** {@code vigie.drift.*}: the tunables of {@link DriftSettings}, with the same defaults. */
@ConfigMapping(prefix = "vigie.drift")
public interface DriftConfig {

    Window window();

    Drift drift();

    Claims claims();

    Subgroup subgroup();

    Usage usage();

    ErrorStream errorStream();

    Regression regression();

    Hysteresis hysteresis();

    Health health();

    /** How long an inference waits for its outcome. */
    @WithDefault("P90D")
    Duration joinTtl();

    /** Stream-time period of the punctuation that closes windows and expires joins. */
    @WithDefault("PT1M")
    Duration evaluationInterval();

    interface Window {
        @WithDefault("P7D")
        Duration length();

        @WithDefault("P1D")
        Duration hop();

        @WithDefault("PT1H")
        Duration grace();

        @WithDefault("P3D")
        Duration labelDelay();

        @WithDefault("false")
        boolean perSite();

        @WithDefault("200")
        long minEvents();

        @WithDefault("1000")
        long countEvents();

        @WithDefault("1")
        int countLabelDelayWindows();

        @WithDefault("256")
        int pendingBatch();
    }

    interface Drift {
        @WithDefault("0.05")
        double falseDiscoveryRate();

        @WithDefault("0.1")
        double minimumEffect();
    }

    interface Claims {
        @WithDefault("0.95")
        double confidence();

        @WithDefault("100")
        long minimumCases();

        @WithDefault("1000")
        long minimumCalibrationCases();
    }

    interface Subgroup {
        @WithDefault("EQUAL_OPPORTUNITY")
        SubgroupGapPolicy.GapMeasure measure();

        @WithDefault("100")
        long minimumPositives();

        @WithDefault("100")
        long minimumNegatives();

        @WithDefault("0.05")
        double minimumGap();

        @WithDefault("0.001")
        double alpha();

        @WithDefault("HOLM")
        MultipleTestingCorrection correction();
    }

    interface Usage {
        @WithDefault("0.01")
        double alpha();

        @WithDefault("0.05")
        double minimumDifference();

        @WithDefault("200")
        long minimumEvents();
    }

    interface Health {
        /** Readiness goes DOWN when input waits and the stream has processed nothing for this long. */
        @WithDefault("PT2M")
        Duration stallAfter();
    }

    interface ErrorStream {
        @WithDefault("5000")
        long baselineLabels();

        @WithDefault("1e7")
        double targetArl();

        /** Rises p0·(1 + r) the CUSUM bank is tuned to. */
        @WithDefault("0.1,0.25,0.5,1.0")
        java.util.List<Double> relativeShifts();

        /** Confidence of the upper bound of the baseline error rate at which the ARL target is guaranteed. */
        @WithDefault("0.9")
        double baselineConfidence();

        /** ADWIN's delta; absent: CUSUM only. */
        Optional<Double> adwinDelta();
    }

    interface Regression {
        @WithDefault("0.01")
        double alpha();

        @WithDefault("0.03")
        double minimumDifference();
    }

    interface Hysteresis {
        @WithDefault("2")
        int fireAfter();

        @WithDefault("2")
        int clearAfter();
    }

    default DriftSettings toSettings() {
        Window w = window();
        Subgroup g = subgroup();
        return new DriftSettings(w.length(), w.hop(), w.grace(), w.labelDelay(), w.perSite(), w.minEvents(),
                w.countEvents(), w.countLabelDelayWindows(), w.pendingBatch(), drift().falseDiscoveryRate(),
                drift().minimumEffect(), claims().confidence(), claims().minimumCases(),
                claims().minimumCalibrationCases(),
                new SubgroupGapPolicy(g.measure(), g.minimumPositives(), g.minimumNegatives(), g.minimumGap(), g.alpha(),
                        g.correction(), claims().confidence()),
                usage().alpha(), usage().minimumDifference(), usage().minimumEvents(), errorStream().baselineLabels(),
                errorStream().targetArl(), errorStream().relativeShifts(), errorStream().baselineConfidence(), errorStream().adwinDelta().orElse(Double.NaN),
                regression().alpha(), regression().minimumDifference(), hysteresis().fireAfter(),
                hysteresis().clearAfter(), joinTtl(), evaluationInterval());
    }
}
