package org.vigie.contracts.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Commit strategy {@value #STRATEGY} ({@code mp.messaging.incoming.<channel>.commit-strategy=vigie-latest}): the
 * connector's "latest" — each acknowledged offset is committed at once, asynchronously — plus what "latest" lacks:
 * a commit that fails is retried until it lands.
 *
 * <p>The connector's "latest" sends one {@code commitAsync} per acknowledgement and only logs a failure. A commit
 * sent while the broker restarts or the group coordinator moves fails, and nothing sends it again until the next
 * record of that partition is acknowledged: when the topic then goes quiet, the group's committed offset stays
 * behind what was applied for as long as it stays quiet (the fault drill "broker-restart" saw the observatory's
 * group 9 records behind for two minutes, and a restart would have redelivered them). It also remembers the highest
 * offset it ever sent per partition, for good, so a partition revoked and later assigned again from a lower
 * committed offset is not committed at all until it passes that mark. Here:
 * <ul>
 *   <li>a partition whose last commit failed is committed again every {@link #RETRY_EVERY}, always with the highest
 *       offset acknowledged so far (never an older one: the consumer sends commits in order, so the last sent
 *       wins), until one succeeds or the partition leaves this consumer;</li>
 *   <li>what is known of a partition is forgotten when it is revoked or assigned, so its offsets start again from
 *       what the group committed.</li>
 * </ul>
 * The services that use it apply each event once by its id (or upsert by id), so a redelivery after a lost
 * commit never counts twice: the retry is about not leaving applied records uncommitted, not about exactness.
 */
public final class RetriedLatestCommit implements KafkaCommitHandler {

    public static final String STRATEGY = "vigie-latest";
    static final Duration RETRY_EVERY = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(RetriedLatestCommit.class);

    /** The connector finds the strategy by this bean's identifier. */
    @ApplicationScoped
    @Identifier(STRATEGY)
    public static class Factory implements KafkaCommitHandler.Factory {

        @Override
        public KafkaCommitHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
                                         KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
            RetriedLatestCommit handler = new RetriedLatestCommit(config.getChannel(), consumer::commitAsync);
            long timer = vertx.setPeriodic(RETRY_EVERY.toMillis(), id -> handler.retryFailed());
            handler.onTerminate = () -> vertx.cancelTimer(timer);
            return handler;
        }
    }

    private final String channel;
    private final Function<Map<TopicPartition, OffsetAndMetadata>, Uni<Void>> commit;
    /** Per partition: the offset after the last acknowledged record (what a commit sends). */
    private final Map<TopicPartition, Long> acknowledged = new ConcurrentHashMap<>();
    /** Per partition: the highest offset a commit was confirmed for. */
    private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
    /** The partitions whose last commit failed, and since when (for the log). */
    private final Map<TopicPartition, Long> failedSince = new ConcurrentHashMap<>();
    private volatile Runnable onTerminate = () -> {
    };

    RetriedLatestCommit(String channel, Function<Map<TopicPartition, OffsetAndMetadata>, Uni<Void>> commit) {
        this.channel = channel;
        this.commit = commit;
    }

    @Override
    public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
        acknowledged(new TopicPartition(record.getTopic(), record.getPartition()), record.getOffset() + 1);
        return Uni.createFrom().voidItem().runSubscriptionOn(record::runOnMessageContext);
    }

    /** A record was acknowledged: commit the offset after it, unless a higher one was already sent. */
    void acknowledged(TopicPartition partition, long nextOffset) {
        if (acknowledged.merge(partition, nextOffset, Math::max) == nextOffset) {
            send(Map.of(partition, nextOffset));
        }
    }

    /** Sends again, with the highest offset acknowledged since, each partition whose last commit failed. */
    void retryFailed() {
        Map<TopicPartition, Long> again = new HashMap<>();
        for (TopicPartition partition : failedSince.keySet()) {
            Long offset = acknowledged.get(partition);
            if (offset == null || offset <= committed.getOrDefault(partition, -1L)) {
                failedSince.remove(partition); // revoked meanwhile, or a later commit landed
            } else {
                again.put(partition, offset);
            }
        }
        if (!again.isEmpty()) {
            send(again);
        }
    }

    /** The partitions whose last commit failed (for tests and diagnostics). */
    Collection<TopicPartition> failing() {
        return failedSince.keySet();
    }

    private void send(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> request = new HashMap<>();
        offsets.forEach((partition, offset) -> request.put(partition, new OffsetAndMetadata(offset)));
        Uni<Void> sent;
        try {
            sent = commit.apply(request);
        } catch (RuntimeException e) { // a consumer being closed may refuse at once
            sent = Uni.createFrom().failure(e);
        }
        sent.subscribe().with(ok -> offsets.forEach(this::confirmed), failure -> offsets.forEach((partition, offset) -> {
            if (failedSince.putIfAbsent(partition, System.nanoTime()) == null) {
                LOG.warnf("channel %s: committing offset %d of %s failed (%s); retried every %d s until it lands",
                        channel, offset, partition, failure.toString(), RETRY_EVERY.toSeconds());
            }
        }));
    }

    private void confirmed(TopicPartition partition, long offset) {
        committed.merge(partition, offset, Math::max);
        Long since = failedSince.get(partition);
        if (since != null && committed.get(partition) >= acknowledged.getOrDefault(partition, 0L)
                && failedSince.remove(partition, since)) {
            LOG.infof("channel %s: offset %d of %s committed after %d s of failed commits", channel, offset,
                    partition, Duration.ofNanos(System.nanoTime() - since).toSeconds());
        }
    }

    @Override
    public void partitionsAssigned(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    @Override
    public void partitionsRevoked(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            acknowledged.remove(partition);
            committed.remove(partition);
            failedSince.remove(partition);
        });
    }

    @Override
    public void terminate(boolean graceful) {
        onTerminate.run();
    }
}
