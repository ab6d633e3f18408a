package org.vigie.ingest.messaging;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.Topics;
import org.vigie.ingest.config.IngestConfig;

/**
 * Writes to Kafka and says when every record is acknowledged. A plain {@link KafkaProducer} rather than a
 * messaging channel: the HTTP answer depends on the acks of exactly these records, and a failed send must
 * surface as an error the request can turn into a 503 (a channel would buffer and retry behind our back).
 * acks=all and idempotence come from configuration ({@code vigie.ingest.kafka.producer.*}).
 *
 * <p>Each record carries the W3C trace context of the request (traceparent), so a consumer's span joins the
 * device's trace.
 */
@ApplicationScoped
public class TelemetryPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final OpenTelemetry openTelemetry;
    private final Duration ackTimeout;

    public TelemetryPublisher(IngestConfig config, OpenTelemetry openTelemetry) {
        Map<String, Object> properties = new HashMap<>(config.kafka().producer());
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vigie-ingest");
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        this.openTelemetry = openTelemetry;
        long deliveryTimeout = Long.parseLong(config.kafka().producer().getOrDefault(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000"));
        long maxBlock = Long.parseLong(config.kafka().producer().getOrDefault(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000"));
        this.ackTimeout = Duration.ofMillis(deliveryTimeout + maxBlock + 1_000);
    }

    /** One record to write. */
    public sealed interface Message permits Written, Registration {
        ProducerRecord<String, byte[]> toRecord();
    }

    /**
     * One record whose value is already the JSON of the topic's value type: a telemetry event exactly as it was
     * validated against its contract (the bytes the checked tree was parsed from, or that tree written once), so it
     * is not read into a record and written again. The key is a String-keyed topic's key.
     */
    public record Written(Topic<String, ?> topic, String key, byte[] value) implements Message {

        @Override
        public ProducerRecord<String, byte[]> toRecord() {
            return new ProducerRecord<>(topic.name(), key, value);
        }
    }

    /**
     * A device registration: keyed by device and model version, in its device's partition ({@link
     * Topics#registrationKey}, {@link Topics#registrationPartition}), so compaction keeps every version.
     */
    public record Registration(DeviceRegistration registration) implements Message {

        @Override
        public ProducerRecord<String, byte[]> toRecord() {
            Topic<String, DeviceRegistration> topic = Topics.DEVICE_REGISTRATIONS;
            return new ProducerRecord<>(topic.name(), Topics.registrationPartition(registration.deviceId()),
                    Topics.registrationKey(registration), topic.valueSerde().serialize(topic.name(), registration));
        }
    }

    /** Kafka did not acknowledge every record in time. Some may have been written. */
    public static final class PublishFailed extends RuntimeException {
        PublishFailed(Throwable cause) {
            super("Kafka did not acknowledge every record: " + (cause == null ? "" : cause.getMessage()), cause);
        }
    }

    /** Sends every record and returns once all are acknowledged; throws {@link PublishFailed} otherwise. */
    public void publishAll(List<? extends Message> records) {
        try {
            sendAll(records).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PublishFailed(e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailed(e);
        }
    }

    /**
     * Sends every record; the future completes when all are acknowledged, or exceptionally once all have
     * settled and one failed. {@code send} may block up to max.block.ms when the broker's metadata is missing:
     * never call this from an event-loop thread.
     */
    public CompletableFuture<Void> sendAll(List<? extends Message> records) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (records.isEmpty()) {
            done.complete(null);
            return done;
        }
        AtomicInteger pending = new AtomicInteger(records.size());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // The trace context is the same for every record of the call: render its headers once.
        Map<String, byte[]> traceHeaders = new HashMap<>(4);
        openTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(), traceHeaders,
                (carrier, key, value) -> carrier.put(key, value.getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<String, byte[]> record = records.get(i).toRecord();
            traceHeaders.forEach((key, value) -> record.headers().add(key, value));
            try {
                producer.send(record, (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    }
                    if (pending.decrementAndGet() == 0) {
                        settle(done, failure.get());
                    }
                });
            } catch (RuntimeException e) {
                // Metadata not available within max.block.ms, or the producer is closed: this record and the ones
                // not yet handed over will never be acknowledged.
                failure.compareAndSet(null, e);
                int notSent = records.size() - i;
                if (pending.addAndGet(-notSent) == 0) {
                    settle(done, failure.get());
                }
                break;
            }
        }
        return done;
    }

    private static void settle(CompletableFuture<Void> done, Throwable failure) {
        if (failure == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(failure);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
