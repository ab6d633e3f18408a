package org.vigie.drift.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamProgressTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void waiting_input_and_no_progress_for_the_whole_delay_is_a_stall() {
        StreamProgress progress = new StreamProgress(Duration.ofSeconds(120));
        assertFalse(progress.sample(500, 40, 0).stalled());
        assertFalse(progress.sample(500, 40, 119 * SECOND).stalled());
        StreamProgress.Verdict verdict = progress.sample(500, 40, 120 * SECOND);
        assertTrue(verdict.stalled());
        assertEquals(Duration.ofSeconds(120), verdict.unchangedFor());
    }

    @Test
    void progress_restarts_the_clock_and_clears_a_stall() {
        StreamProgress progress = new StreamProgress(Duration.ofSeconds(120));
        progress.sample(500, 40, 0);
        assertTrue(progress.sample(500, 40, 200 * SECOND).stalled());
        assertFalse(progress.sample(501, 40, 201 * SECOND).stalled());
        assertFalse(progress.sample(501, 40, 300 * SECOND).stalled());
        assertTrue(progress.sample(501, 40, 321 * SECOND).stalled());
    }

    @Test
    void an_idle_stream_is_not_stalled_however_long_it_waits() {
        StreamProgress progress = new StreamProgress(Duration.ofSeconds(120));
        progress.sample(500, 0, 0);
        assertFalse(progress.sample(500, 0, 3_600 * SECOND).stalled());
    }

    @Test
    void a_first_sample_after_a_long_silence_is_never_a_stall() {
        StreamProgress progress = new StreamProgress(Duration.ofSeconds(120));
        assertFalse(progress.sample(10_000, 5_000, 9_000 * SECOND).stalled());
    }

    @Test
    void the_delay_must_be_positive() {
        assertThrows(IllegalArgumentException.class, () -> new StreamProgress(Duration.ZERO));
    }
}
