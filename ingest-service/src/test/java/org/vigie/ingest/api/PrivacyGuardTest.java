package org.vigie.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.Topics;
import org.vigie.ingest.support.Fixtures;
import org.vigie.ingest.support.IngestTestResource;
import org.vigie.testkit.TestTokens;

/**
 * Direct identifiers (NIR, e-mail, phone, names, dates of birth) are refused without echo, and appear nowhere
 * afterwards: not in the answer, not on any topic, not in the database, not in the logs of this JVM (the
 * service, the broker and the clients all log through the same log manager here).
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class PrivacyGuardTest {

    /** A NIR with a valid key: 97 - (number mod 97). */
    static final String NIR = nir("2840775123456");
    static final String EMAIL = "jeanne.martin" + UUID.randomUUID().toString().substring(0, 4) + "@hopital-exemple.fr";
    static final String PHONE = "+33 6 12 34 56 78";
    static final String NAME = "Jeanne Martin-Quidam";
    static final String BIRTH = "née le 12/03/1961";

    private final List<String> logs = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logs.add(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        java.util.logging.Logger.getLogger("").addHandler(capture);
        // The service's own loggers at every level; the rest (broker, clients, framework) as configured. Not the
        // test's HTTP client, whose wire log would show the request this test itself sends.
        java.util.logging.Logger.getLogger("org.vigie").setLevel(java.util.logging.Level.ALL);
    }

    @AfterEach
    void stopCapture() {
        java.util.logging.Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void identifiers_are_refused_without_echo_and_are_nowhere_afterwards() throws Exception {
        String manufacturer = Fixtures.unique("acme");
        String device = Fixtures.unique("mammo");
        Fixtures.register(device, manufacturer);
        String token = TestTokens.device(device, manufacturer);

        ObjectNode nirInCase = Fixtures.inference(device).put("caseId", NIR);
        ObjectNode nirAsNumber = Fixtures.inference(device);
        nirAsNumber.with("features").put("ref", Long.parseLong(NIR));
        ObjectNode emailInFeature = Fixtures.inference(device);
        emailInFeature.with("features").put("contact", EMAIL);
        ObjectNode phoneInSubgroup = Fixtures.inference(device);
        phoneInSubgroup.with("subgroups").put("site", PHONE);
        ObjectNode nameField = Fixtures.inference(device).put("patientName", NAME);
        ObjectNode birthInText = Fixtures.event(EventContract.FEEDBACK, device).put("description", "Patiente " + BIRTH + ", " + EMAIL);
        ObjectNode emailAsKey = Fixtures.inference(device);
        emailAsKey.with("features").put(EMAIL, 1);
        ObjectNode clean = Fixtures.inference(device);
        ArrayNode batch = Fixtures.batch(nirInCase, nirAsNumber, emailInFeature, phoneInSubgroup, nameField, birthInText,
                emailAsKey, clean);

        String answer = Fixtures.post(token, batch).then().statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected", hasSize(7))
                .body("rejected.title", org.hamcrest.Matchers.everyItem(equalTo("Direct identifier refused")))
                .body("rejected.pointer", equalTo(List.of("/caseId", "/features/ref", "/features/contact",
                        "/subgroups/site", "/patientName", "/description", "/features")))
                .body("rejected.detail[0]", org.hamcrest.Matchers.containsString("rule nir"))
                .body("rejected.detail[2]", org.hamcrest.Matchers.containsString("rule email"))
                .body("rejected.detail[3]", org.hamcrest.Matchers.containsString("rule phone"))
                .extract().asString();
        assertAbsent("the answer", answer);

        // NDJSON too, where an unreadable line is reported by position only.
        io.restassured.RestAssured.given().auth().oauth2(token).contentType("application/x-ndjson")
                .body((Fixtures.inference(device).put("caseId", NIR) + "\n{\"caseId\": \"" + EMAIL + "\",\n")
                        .getBytes(StandardCharsets.UTF_8))
                .post("/v1/events").then().statusCode(200).body("accepted", equalTo(0))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(EMAIL)));

        assertAbsent("the topics", readAllTopics());
        assertAbsent("the database", dumpDatabase());
        assertThat(logs).as("log lines captured").isNotEmpty();
        assertAbsent("the logs", String.join("\n", logs));
    }

    private static void assertAbsent(String where, String text) {
        String digits = NIR;
        assertThat(text).as(where).doesNotContain(digits).doesNotContain(EMAIL).doesNotContain("12 34 56 78")
                .doesNotContain(NAME).doesNotContain("12/03/1961");
    }

    private static String readAllTopics() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, IngestTestResource.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "privacy-" + UUID.randomUUID());
        StringBuilder all = new StringBuilder();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<?, ?> topic : Topics.ALL) {
                consumer.partitionsFor(topic.name(), Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    all.append(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8)).append('\n');
                    r.headers().forEach(h -> all.append(new String(h.value(), StandardCharsets.UTF_8)).append('\n'));
                }
            }
        }
        assertThat(all).as("the topics hold the accepted event at least").isNotEmpty();
        return all.toString();
    }

    private static String dumpDatabase() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = IngestTestResource.database(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select table_name from information_schema.tables where table_schema = 'ingest'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("seen_event", "device_version", "device_token");
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("select t::text from ingest.\"" + table + "\" t")) {
                    while (rs.next()) {
                        all.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return all.toString();
    }

    private static String nir(String thirteen) {
        long key = 97 - Long.parseLong(thirteen) % 97;
        return thirteen + (key < 10 ? "0" : "") + key;
    }
}
