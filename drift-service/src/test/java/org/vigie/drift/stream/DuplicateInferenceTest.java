package org.vigie.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.InferenceEvent;

/**
 * An inference the broker holds twice is counted once, whether its id is among the recent ids the monitor keeps in
 * memory ({@link RecentJoinIds}) or only in the join store: late, or from before a restart.
 */
class DuplicateInferenceTest {

    @Test
    void a_duplicate_is_dropped_from_the_recent_ids_from_the_store_when_late_and_after_a_restart() {
        DroppedInputs dropped = new DroppedInputs();
        DirectDriver d = new DirectDriver(SubgroupAndUsageTopologyTest.HOURLY, dropped);
        d.register(Devices.registration("dup-02", "1", "acme", List.of(), List.of(), List.of()));
        InferenceEvent first = at(0);
        d.infer(first);
        d.infer(first);                                   // its id is among the recent ones
        assertThat(dropped.count("duplicate_inference")).isEqualTo(1);

        for (int minute = 1; minute <= 40; minute++) {    // stream time moves 40 minutes on: the filter forgets it
            d.infer(at(minute));
        }
        d.infer(first);                                   // only the join store knows it now
        assertThat(dropped.count("duplicate_inference")).isEqualTo(2);

        InferenceEvent beforeRestart = at(41);
        d.infer(beforeRestart);
        d.restart();                                      // the filter starts empty, after every indexed join
        d.infer(beforeRestart);
        assertThat(dropped.count("duplicate_inference")).isEqualTo(3);
        d.infer(at(42));                                  // a new inference is not taken for a duplicate
        d.infer(at(43));
        assertThat(dropped.count("duplicate_inference")).isEqualTo(3);
        assertThat(dropped.toString()).isEqualTo("{duplicate_inference=3}");
    }

    private static InferenceEvent at(int minute) {
        return Devices.inference("dup-02", "1", Devices.START.plus(Duration.ofMinutes(minute)), Map.of(), 0.9, Map.of());
    }
}
