package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every scenario's ground truth at once, end to end: {@code deploy/local/vigie demo all} streams three weeks of the
 * fleet (about 350,000 events) in which covariate shift, performance decay, subgroup bias, override surge, a death
 * reported from the field and a worse model version each happen on their own device, and every other device is a
 * baseline. Passes only if each scenario's required alerts reach the verifying webhook, no alert matches no
 * scenario (a false alarm, including on the baseline devices), and the observatory's totals equal what ingest
 * accepted. Simulated time is compressed: three weeks in a few minutes.
 */
class PlatformScenariosIT {

    private static final LocalPlatform PLATFORM = new LocalPlatform("vigie-scenarios-it", 4000);

    @BeforeAll
    static void fresh() throws IOException {
        PLATFORM.fresh();
    }

    @AfterAll
    static void down() throws IOException {
        PLATFORM.down();
    }

    @Test
    void each_scenario_raises_exactly_its_alerts_and_the_baseline_devices_none() throws IOException {
        LocalPlatform.Result demo = PLATFORM.run(Duration.ofMinutes(30), "demo", "all", "--days", "21", "--rate", "5000",
                "--wait-minutes", "10", "--settle-seconds", "60");
        String out = demo.output();
        for (String required : new String[] {"data_drift helios-patho-prostate hematoxylinOpticalDensity",
                "performance_below_claim helios-mammo-2d", "subgroup_gap pulsar-chest-pain ageBand=75\\+",
                "subgroup_gap pulsar-chest-pain sex=F", "field_report pulsar-chest-pain", "usage_shift sillage-triage-ed",
                "field_report sillage-triage-ed", "version_regression pulsar-ecg-af", "performance_below_claim pulsar-ecg-af"}) {
            assertThat(out).as(required).containsPattern("received\\s+required\\s+" + required);
        }
        assertThat(out).doesNotContain("MISSING").doesNotContain("UNEXPECTED");
        assertThat(out).containsPattern("observatory totals .* equal");
        assertThat(demo.exitCode()).as(out).isZero();
    }
}
