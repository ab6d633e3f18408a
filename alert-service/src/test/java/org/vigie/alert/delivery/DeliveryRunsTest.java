package org.vigie.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigie.alert.delivery.DeliveryWorker.Candidate;

/** Which leased rows a worker keeps: per subscription, an unbroken run from its oldest pending delivery. */
class DeliveryRunsTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    @Test
    void keeps_each_subscriptions_run_in_order() {
        Map<UUID, List<Long>> runs = DeliveryWorker.runs(List.of(
                new Candidate(30, A, 3), new Candidate(10, A, 1), new Candidate(11, B, 1), new Candidate(20, A, 2)));
        assertThat(runs).containsOnlyKeys(A, B);
        assertThat(runs.get(A)).containsExactly(10L, 20L, 30L);
        assertThat(runs.get(B)).containsExactly(11L);
    }

    @Test
    void a_run_not_starting_at_the_oldest_pending_delivery_is_not_taken() {
        // Position 1 is held by another transaction (skipped as locked): taking 2 and 3 would overtake it.
        assertThat(DeliveryWorker.runs(List.of(new Candidate(20, A, 2), new Candidate(30, A, 3)))).isEmpty();
    }

    @Test
    void a_run_stops_at_a_gap() {
        Map<UUID, List<Long>> runs = DeliveryWorker.runs(List.of(
                new Candidate(10, A, 1), new Candidate(20, A, 2), new Candidate(40, A, 4), new Candidate(50, A, 5)));
        assertThat(runs.get(A)).containsExactly(10L, 20L);
    }

    @Test
    void nothing_leased_is_nothing_to_send() {
        assertThat(DeliveryWorker.runs(List.of())).isEmpty();
    }
}
