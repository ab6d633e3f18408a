package org.vigie.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.TopicConfigSource;
import org.vigie.contracts.topics.Topics;
import org.yaml.snakeyaml.Yaml;

class TopicsTest {

    @Test
    void topic_names_are_unique_and_versioned() {
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Topic<?, ?> topic : Topics.ALL) {
            assertThat(names.add(topic.name())).as(topic.name()).isTrue();
            assertThat(keys.add(topic.key())).as(topic.key()).isTrue();
            assertThat(topic.name()).matches("vigie\\.[a-z-]+\\.v\\d+");
            assertThat(topic.partitions()).isPositive();
            if (topic.cleanupPolicy() == Topic.CleanupPolicy.COMPACT) {
                assertThat(topic.configs()).containsEntry("retention.ms", "-1");
            }
        }
    }

    @Test
    void topic_names_are_published_as_configuration() {
        TopicConfigSource source = new TopicConfigSource();
        assertThat(source.getValue("vigie.topic.inferences")).isEqualTo(Topics.INFERENCES.name());
        assertThat(source.getPropertyNames()).hasSize(Topics.ALL.size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_asyncapi_document_matches_the_descriptors() throws IOException {
        Map<String, Object> doc;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("org/vigie/contracts/asyncapi.yaml")) {
            doc = new Yaml().load(in);
        }
        assertThat(doc.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) doc.get("channels");
        Map<String, Map<String, Object>> messages =
                (Map<String, Map<String, Object>>) ((Map<String, Object>) doc.get("components")).get("messages");
        assertThat(channels).hasSize(Topics.ALL.size());
        for (Topic<?, ?> topic : Topics.ALL) {
            Map<String, Object> channel = channels.values().stream()
                    .filter(c -> topic.name().equals(c.get("address"))).findFirst()
                    .orElseThrow(() -> new AssertionError("No AsyncAPI channel for " + topic.name()));
            Map<String, Object> kafka = (Map<String, Object>) ((Map<String, Object>) channel.get("bindings")).get("kafka");
            assertThat(kafka.get("partitions")).as(topic.name()).isEqualTo(topic.partitions());
            List<String> policy = (List<String>) ((Map<String, Object>) kafka.get("topicConfiguration")).get("cleanup.policy");
            assertThat(policy).containsExactly(topic.cleanupPolicy().kafkaValue());
            String messageName = topic.valueType().getSimpleName();
            assertThat(((Map<String, Object>) channel.get("messages"))).containsKey(messageName);
            Map<String, Object> payload = (Map<String, Object>) messages.get(messageName).get("payload");
            String ref = (String) ((Map<String, Object>) payload.get("schema")).get("$ref");
            EventContract contract = Stream.of(EventContract.values())
                    .filter(c -> c.recordType().equals(topic.valueType())).findFirst().orElseThrow();
            assertThat(ref).isEqualTo("./schemas/" + contract.contractName() + ".schema.json");
            assertThat(getClass().getClassLoader().getResource(contract.schemaResource())).isNotNull();
        }
    }

    /** A topic name is written once, in Topics; anything else must go through the descriptor or the config. */
    @Test
    void topic_names_appear_as_literals_nowhere_else_in_the_code_base() throws IOException {
        Path repository = Path.of("../..").toRealPath();
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(repository)) {
            for (Path file : files.filter(Files::isRegularFile).filter(TopicsTest::isCode).toList()) {
                if (file.endsWith(Path.of("org/vigie/contracts/topics/Topics.java"))) {
                    continue;
                }
                String text = Files.readString(file);
                for (Topic<?, ?> topic : Topics.ALL) {
                    if (text.contains(topic.name())) {
                        offenders.add(repository.relativize(file) + " names " + topic.name());
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static boolean isCode(Path file) {
        String path = file.toString();
        if (path.contains("/target/") || path.contains("/.git/") || path.contains("/node_modules/")) {
            return false;
        }
        String name = file.getFileName().toString();
        return name.endsWith(".java") || name.endsWith(".properties") || name.endsWith(".kt")
                || name.endsWith(".sh") || name.equals("vigie");
    }
}
