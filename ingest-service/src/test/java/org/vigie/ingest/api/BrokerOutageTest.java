package org.vigie.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.topics.Topics;
import org.vigie.ingest.support.Fixtures;
import org.vigie.ingest.support.IngestTestResource;
import org.vigie.ingest.support.StandaloneBroker;
import org.vigie.testkit.TestTokens;

/**
 * The broker goes down and comes back, for real (a broker process of its own, stopped and restarted at the
 * same address): meanwhile posts get 503 + Retry-After and nothing is reported accepted nor recorded as
 * seen; afterwards the same service instance, never restarted, writes the same events again.
 */
@QuarkusTest
@TestProfile(BrokerOutageTest.OwnBroker.class)
@WithTestResource(IngestTestResource.class)
class BrokerOutageTest {

    /** Telemetry goes to the standalone broker, with short time-outs so the outage shows within seconds. */
    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "vigie.ingest.kafka.bootstrap-servers", StandaloneBroker.reservedBootstrapServers(),
                    "vigie.ingest.kafka.producer.\"max.block.ms\"", "2000",
                    "vigie.ingest.kafka.producer.\"request.timeout.ms\"", "2000",
                    "vigie.ingest.kafka.producer.\"delivery.timeout.ms\"", "4000");
        }
    }

    static StandaloneBroker broker;

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void while_the_broker_is_down_posts_get_503_and_once_it_is_back_events_flow_without_a_restart() throws Exception {
        broker = StandaloneBroker.startNew();
        String manufacturer = Fixtures.unique("acme");
        String device = Fixtures.unique("mammo");
        Fixtures.register(device, manufacturer);
        String token = TestTokens.device(device, manufacturer);
        Fixtures.post(token, Fixtures.inferences(device, 5)).then().statusCode(200).body("accepted", equalTo(5));

        broker.stop();
        ArrayNode during = Fixtures.inferences(device, 10);
        Set<String> ids = EventIngestTest.ids(during);
        Fixtures.post(token, during).then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("status", equalTo(503))
                .body("accepted", nullValue());
        assertThat(Fixtures.ledgerRows(ids)).as("nothing recorded as seen").isZero();

        broker.start();
        Response after = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            after = Fixtures.post(token, during);
            if (after.statusCode() != 503) {
                break;
            }
            Thread.sleep(1_000);
        }
        after.then().statusCode(200).body("accepted", equalTo(10)).body("duplicates", equalTo(0));
        assertThat(Fixtures.ledgerRows(ids)).isEqualTo(10);
        assertThat(onTopic(ids)).containsAll(ids);
    }

    private Set<String> onTopic(Set<String> ids) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "outage-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(Topics.INFERENCES.name()));
            long deadline = System.currentTimeMillis() + 30_000;
            while (!seen.containsAll(ids) && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> ids.stream().filter(r.value()::contains).forEach(seen::add));
            }
        }
        return seen;
    }
}
