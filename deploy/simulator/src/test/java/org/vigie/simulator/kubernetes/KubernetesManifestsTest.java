package org.vigie.simulator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.Topics;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes against the contracts and the services: every topic has its KafkaTopic (partitions and cleanup
 * policy as the descriptor says) and no other exists, the committed topics file is what the generator writes, and
 * each of the four services has its workload with liveness and readiness probes and resource requests. Plain
 * JUnit on the YAML files (no cluster).
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("../kubernetes").toAbsolutePath().normalize();
    private static final Map<String, Integer> SERVICES = Map.of("ingest", 8081, "drift", 8082, "alert", 8083, "observatory", 8084);

    @Test
    void every_contract_topic_has_its_kafka_topic_with_matching_partitions_and_cleanup_policy_and_no_other() throws IOException {
        List<Map<String, Object>> topics = documents(DIR.resolve("kafka-topics.yaml"));
        assertThat(topics).allSatisfy(d -> assertThat(d.get("kind")).isEqualTo("KafkaTopic"));
        Map<String, Map<String, Object>> byName = topics.stream()
                .collect(Collectors.toMap(d -> (String) map(d, "spec").get("topicName"), d -> d));
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topic::name).toList());
        for (Topic<?, ?> topic : Topics.ALL) {
            Map<String, Object> spec = map(byName.get(topic.name()), "spec");
            assertThat(spec.get("partitions")).as(topic.name()).isEqualTo(topic.partitions());
            Map<String, Object> config = map(spec, "config");
            assertThat(config.get("cleanup.policy")).as(topic.name()).isEqualTo(topic.cleanupPolicy().kafkaValue());
            assertThat(config.get("retention.ms")).as(topic.name()).isEqualTo(topic.configs().get("retention.ms"));
            assertThat(map(map(byName.get(topic.name()), "metadata"), "labels").get("strimzi.io/cluster"))
                    .isEqualTo(KafkaTopicManifest.CLUSTER);
        }
    }

    @Test
    void the_committed_topics_file_is_what_the_generator_writes() throws IOException {
        assertThat(Files.readString(DIR.resolve("kafka-topics.yaml")))
                .as("deploy/kubernetes/kafka-topics.yaml is stale: regenerate it (deploy/simulator/README.md)")
                .isEqualTo(KafkaTopicManifest.render(Topics.ALL));
    }

    @Test
    void every_service_has_its_workload_with_both_probes_resource_requests_and_a_service() throws IOException {
        List<Map<String, Object>> all = allDocuments();
        SERVICES.forEach((service, port) -> {
            String name = service + "-service";
            Map<String, Object> workload = all.stream()
                    .filter(d -> Set.of("Deployment", "StatefulSet").contains(d.get("kind")))
                    .filter(d -> name.equals(map(d, "metadata").get("name")))
                    .findFirst().orElseThrow(() -> new AssertionError("no Deployment or StatefulSet for " + name));
            Map<String, Object> container = list(map(map(map(workload, "spec"), "template"), "spec"), "containers").get(0);
            assertThat(map(map(container, "livenessProbe"), "httpGet").get("path")).as(name).isEqualTo("/q/health/live");
            assertThat(map(map(container, "readinessProbe"), "httpGet").get("path")).as(name).isEqualTo("/q/health/ready");
            assertThat(map(map(container, "resources"), "requests")).as(name).containsKeys("cpu", "memory");
            assertThat(map(map(container, "resources"), "limits")).as(name).containsKeys("cpu", "memory");
            assertThat(list(container, "ports").get(0).get("containerPort")).as(name).isEqualTo(port);
            List<String> env = list(container, "env").stream().map(e -> (String) e.get("name")).toList();
            assertThat(env).as(name).contains("VIGIE_PG_USER", "VIGIE_PG_PASSWORD", "QUARKUS_HTTP_PORT");
            assertThat(all).as(name + " Service").anyMatch(d -> "Service".equals(d.get("kind"))
                    && name.equals(map(d, "metadata").get("name")));
        });
        Map<String, Object> config = all.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst().orElseThrow();
        assertThat(map(config, "data")).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "VIGIE_PG_REACTIVE_URL", "VIGIE_PG_JDBC_URL",
                "VIGIE_JWT_PUBLIC_KEY_LOCATION", "VIGIE_JWT_ISSUER");
    }

    @Test
    void stateless_services_autoscale_and_drift_is_a_stateful_set_with_state_volume_and_standby_replicas() throws IOException {
        List<Map<String, Object>> all = allDocuments();
        Set<String> scaled = all.stream().filter(d -> "HorizontalPodAutoscaler".equals(d.get("kind")))
                .map(d -> (String) map(map(d, "spec"), "scaleTargetRef").get("name")).collect(Collectors.toSet());
        assertThat(scaled).containsExactlyInAnyOrder("ingest-service", "alert-service", "observatory-service");
        Map<String, Object> drift = all.stream().filter(d -> "StatefulSet".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> spec = map(drift, "spec");
        assertThat((Integer) spec.get("replicas")).isLessThanOrEqualTo(Topics.INFERENCES.partitions());
        assertThat(list(spec, "volumeClaimTemplates")).isNotEmpty();
        List<Map<String, Object>> env = list(list(map(map(spec, "template"), "spec"), "containers").get(0), "env");
        assertThat(env).anyMatch(e -> "VIGIE_DRIFT_STANDBY_REPLICAS".equals(e.get("name")));
        assertThat(all).anyMatch(d -> "Kafka".equals(d.get("kind")));
        assertThat(all).anyMatch(d -> "KafkaNodePool".equals(d.get("kind")));
        assertThat(all).anyMatch(d -> "Cluster".equals(d.get("kind")));
    }

    @Test
    void kustomization_names_every_manifest_in_the_folder() throws IOException {
        Map<String, Object> kustomization = documents(DIR.resolve("kustomization.yaml")).get(0);
        List<String> listed = ((List<?>) kustomization.get("resources")).stream().map(Object::toString).toList();
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> manifests = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(manifests);
        }
    }

    private static List<Map<String, Object>> allDocuments() throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                all.addAll(documents(f));
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(Files.readString(file))) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }
}
