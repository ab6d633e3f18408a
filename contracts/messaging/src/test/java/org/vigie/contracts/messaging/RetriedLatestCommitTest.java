package org.vigie.contracts.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.junit.jupiter.api.Test;

/**
 * The strategy against a consumer whose commits fail while the "broker" is down. What the connector's own
 * "latest" does in the first case — nothing, until the next record — is what left the fault drill's observatory
 * group behind.
 */
class RetriedLatestCommitTest {

    private static final TopicPartition P0 = new TopicPartition("inferences", 0);
    private static final TopicPartition P1 = new TopicPartition("inferences", 1);

    /** Records every commit request, and fails them while {@link #down}. */
    private static final class Broker {
        final List<Map<TopicPartition, Long>> requests = new ArrayList<>();
        boolean down;

        Uni<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
            Map<TopicPartition, Long> sent = new java.util.HashMap<>();
            offsets.forEach((partition, offset) -> sent.put(partition, offset.offset()));
            requests.add(sent);
            return down ? Uni.createFrom().failure(new CoordinatorNotAvailableException("broker restarting"))
                    : Uni.createFrom().voidItem();
        }

        Map<TopicPartition, Long> last() {
            return requests.get(requests.size() - 1);
        }
    }

    private final Broker broker = new Broker();
    private final RetriedLatestCommit strategy = new RetriedLatestCommit("telemetry", broker::commit);

    @Test
    void a_commit_that_failed_is_sent_again_once_the_broker_is_back_though_no_record_comes() {
        broker.down = true;
        strategy.acknowledged(P0, 1_000);
        assertThat(strategy.failing()).containsExactly(P0);

        strategy.retryFailed(); // still down: tried, still failing
        assertThat(broker.requests).hasSize(2);
        assertThat(strategy.failing()).containsExactly(P0);

        broker.down = false;
        strategy.retryFailed();
        assertThat(broker.last()).isEqualTo(Map.of(P0, 1_000L));
        assertThat(strategy.failing()).isEmpty();

        strategy.retryFailed(); // nothing left to send
        assertThat(broker.requests).hasSize(3);
    }

    @Test
    void the_retry_sends_the_highest_offset_acknowledged_since_the_failure_never_an_older_one() {
        broker.down = true;
        strategy.acknowledged(P0, 100);
        strategy.acknowledged(P0, 250);
        broker.down = false;
        strategy.retryFailed();
        assertThat(broker.last()).isEqualTo(Map.of(P0, 250L));
        assertThat(strategy.failing()).isEmpty();
    }

    @Test
    void a_later_commit_that_lands_settles_an_earlier_failure_without_a_retry() {
        broker.down = true;
        strategy.acknowledged(P0, 100);
        broker.down = false;
        strategy.acknowledged(P0, 180);
        int sent = broker.requests.size();
        strategy.retryFailed();
        assertThat(broker.requests).hasSize(sent);
        assertThat(strategy.failing()).isEmpty();
    }

    @Test
    void only_the_failing_partitions_are_sent_again() {
        broker.down = true;
        strategy.acknowledged(P0, 10);
        broker.down = false;
        strategy.acknowledged(P1, 20);
        strategy.retryFailed();
        assertThat(broker.last()).isEqualTo(Map.of(P0, 10L));
    }

    @Test
    void an_older_or_equal_acknowledgement_sends_nothing() {
        strategy.acknowledged(P0, 50);
        strategy.acknowledged(P0, 40);
        assertThat(broker.requests).containsExactly(Map.of(P0, 50L));
    }

    @Test
    void a_revoked_partition_is_not_retried_and_starts_afresh_when_assigned_again() {
        broker.down = true;
        strategy.acknowledged(P0, 500);
        strategy.partitionsRevoked(List.of(P0));
        broker.down = false;
        strategy.retryFailed();
        assertThat(broker.requests).hasSize(1);

        // Assigned again from a lower committed offset (another member applied less): its commits go through,
        // where "latest" would skip every offset below the 500 it once sent.
        strategy.partitionsAssigned(List.of(P0));
        strategy.acknowledged(P0, 320);
        assertThat(broker.last()).isEqualTo(Map.of(P0, 320L));
    }

    @Test
    void a_consumer_that_refuses_at_once_is_a_failure_retried_like_any_other() {
        RetriedLatestCommit closing = new RetriedLatestCommit("telemetry", offsets -> {
            throw new IllegalStateException("consumer closed");
        });
        closing.acknowledged(P0, 7);
        assertThat(closing.failing()).containsExactly(P0);
    }
}
