package org.vigie.observatory.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.vigie.contracts.json.ContractExamples;
import org.vigie.contracts.json.EventContract;
import org.vigie.testkit.KafkaBroker;
import org.vigie.testkit.PostgresServer;

/**
 * Benchmark (not a test): the floor under the rollup path's rate on this machine — the least work that still counts
 * each event exactly once by its eventId. A plain consumer reads the inference topic from the test kit's broker in
 * polls of up to 20,000 records, takes each record's eventId (streaming parser, nothing else decoded), and per poll,
 * in one PostgreSQL transaction, COPYs the ids into a staging table and inserts them into a dedup table with a
 * primary key ({@code ON CONFLICT DO NOTHING}); offsets are committed after the transaction. No rollup, no site,
 * no sketch. Its rate bounds any exact rollup path that keeps one row per event in PostgreSQL on this machine.
 *
 * <pre>
 * ../mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test.classpath) org.vigie.observatory.bench.RollupFloor 500000
 * </pre>
 */
public final class RollupFloor {

    private static final JsonFactory JSON = new JsonFactory();

    private RollupFloor() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        KafkaBroker broker = KafkaBroker.get();
        String topic = "observatory-floor-" + UUID.randomUUID();
        String template = ContractExamples.first(EventContract.INFERENCE);
        String templateId = "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b";
        if (!template.contains(templateId)) {
            throw new IllegalStateException("the inference example's eventId changed; update this benchmark");
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicLong unwritten = new AtomicLong();
        try (var admin = broker.admin()) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 6, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                byte[] value = template.replace(templateId, UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, ("device-" + (i % 200)).getBytes(StandardCharsets.UTF_8), value),
                        (m, e) -> {
                            if (e != null) {
                                unwritten.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        if (unwritten.get() > 0) {
            throw new IllegalStateException(unwritten.get() + " events not written");
        }
        try (Connection db = PostgresServer.get().open()) {
            db.setAutoCommit(true);
            try (Statement s = db.createStatement()) {
                s.execute("DROP TABLE IF EXISTS floor_seen");
                s.execute("CREATE TABLE floor_seen (event_id uuid PRIMARY KEY, applied_on date NOT NULL DEFAULT current_date)");
                s.execute("CREATE TEMP TABLE floor_stage (event_id uuid) ON COMMIT DELETE ROWS");
            }
            db.setAutoCommit(false);
            CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            c.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20_000);
            c.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1_000_000);
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            double cpu0 = RollupBenchmark.Footprint.jvmCpuSeconds();
            double pg0 = RollupBenchmark.Footprint.postgresCpu();
            long t0 = System.nanoTime();
            long applied = 0;
            long seen = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (seen < n) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                    if (records.isEmpty()) {
                        continue;
                    }
                    StringBuilder ids = new StringBuilder(records.count() * 37);
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        ids.append(eventId(r.value())).append('\n');
                    }
                    copy.copyIn("COPY floor_stage FROM STDIN", new StringReader(ids.toString()));
                    try (Statement s = db.createStatement()) {
                        applied += s.executeUpdate("INSERT INTO floor_seen (event_id) SELECT event_id FROM floor_stage"
                                + " ON CONFLICT DO NOTHING");
                    }
                    db.commit();
                    consumer.commitSync();
                    seen += records.count();
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double jvmCpu = RollupBenchmark.Footprint.jvmCpuSeconds() - cpu0;
            double pgCpu = RollupBenchmark.Footprint.postgresCpu() - pg0;
            System.out.printf("rollup floor: %d events read, %d applied once by eventId in %.1f s = %.0f events/s;"
                    + " CPU per event: this JVM (consumer, broker) %.1f us, PostgreSQL %.1f us; load average %.1f%n", seen,
                    applied, seconds, seen / seconds, jvmCpu * 1e6 / seen, pgCpu * 1e6 / seen,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            try (Statement s = db.createStatement()) {
                db.setAutoCommit(true);
                s.execute("DROP TABLE floor_seen");
            }
        }
        System.exit(0);
    }

    /** The value's top-level "eventId", read with the streaming parser. */
    private static String eventId(byte[] value) throws IOException {
        try (JsonParser parser = JSON.createParser(value)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (name.equals("eventId") && token == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
        }
        throw new IllegalStateException("no eventId");
    }
}
