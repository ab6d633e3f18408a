package org.vigie.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.json.ContractExamples;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.Topics;

/** The kit itself, against the real broker and the real database it finds or starts. */
class InfrastructureTest {

    @Test
    void the_broker_has_every_contract_topic_and_carries_an_event() throws Exception {
        KafkaBroker broker = KafkaBroker.get();
        try (var admin = broker.admin()) {
            assertThat(admin.listTopics().names().get()).containsAll(Topics.ALL.stream().map(Topic::name).toList());
        }
        InferenceEvent event = VigieJson.mapper().readValue(ContractExamples.first(EventContract.INFERENCE),
                InferenceEvent.class);
        try (TopicProbe<String, InferenceEvent> probe = TopicProbe.fromNow(Topics.INFERENCES)) {
            TopicProbe.send(Topics.INFERENCES, Map.of(event.deviceId(), event));
            var records = probe.await(1, Duration.ofSeconds(30));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo(event.deviceId());
            assertThat(records.get(0).value()).isEqualTo(event);
        }
    }

    @Test
    void the_database_answers_in_a_database_of_its_own() throws Exception {
        PostgresServer.Connection pg = PostgresServer.get();
        try (var c = pg.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select current_database(), version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).startsWith("PostgreSQL");
            if (!"environment".equals(PostgresServer.origin()) && !"embedded".equals(PostgresServer.origin())) {
                assertThat(rs.getString(1)).startsWith("vigie_test_");
            }
        }
    }

    @Test
    void urls_from_the_environment_are_understood() {
        PostgresServer.Connection c = PostgresServer.parse("postgresql://vigie:secret@db.example:6543/Vigie");
        assertThat(c.host()).isEqualTo("db.example");
        assertThat(c.port()).isEqualTo(6543);
        assertThat(c.user()).isEqualTo("vigie");
        assertThat(c.password()).isEqualTo("secret");
        assertThat(c.database()).isEqualTo("vigie");
        assertThat(PostgresServer.parse("jdbc:postgresql://h/d").port()).isEqualTo(5432);
    }

    @Test
    void tokens_carry_the_scoping_claims() {
        String token = TestTokens.manufacturer("acme");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(payload).contains("\"manufacturer_id\":\"acme\"").contains("manufacturer");
        assertThat(TestTokens.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");
    }
}
