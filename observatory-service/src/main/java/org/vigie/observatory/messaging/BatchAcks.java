package org.vigie.observatory.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.time.Duration;

/**
 * A method that takes a {@link KafkaRecordBatch} acknowledges it itself (the connector's manual acknowledgement):
 * the batch is acked once its work has committed, so its offsets are committed after it; a batch still failing
 * after the retries is nacked, which fails the channel (health DOWN) rather than skipping its data. Unacked, no
 * offset was ever committed: every restart replayed the topics from the start (exact, by eventId, but slow), and
 * the "throttled" strategy failed the channel for good after 60 s.
 */
final class BatchAcks {

    private BatchAcks() {
    }

    static <K, V> Uni<Void> settled(KafkaRecordBatch<K, V> batch, Uni<Void> work) {
        return work.onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8)
                .onItemOrFailure().transformToUni((ok, failure) -> failure == null
                        ? Uni.createFrom().completionStage(batch.ack())
                        : Uni.createFrom().completionStage(batch.nack(failure))
                                .chain(() -> Uni.createFrom().<Void>failure(failure)));
    }
}
