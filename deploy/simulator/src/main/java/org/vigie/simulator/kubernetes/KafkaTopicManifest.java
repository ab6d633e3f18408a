package org.vigie.simulator.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.Topics;

/**
 * Writes deploy/kubernetes/kafka-topics.yaml: one Strimzi {@code KafkaTopic} per topic of the contracts, with
 * its partitions, cleanup policy and retention, so the cluster's topics come from the same descriptors as the
 * code's. Production differs from the local broker in one respect: three replicas, two in sync to acknowledge.
 *
 * <pre>java -cp ... org.vigie.simulator.kubernetes.KafkaTopicManifest deploy/kubernetes/kafka-topics.yaml</pre>
 * A test fails when the committed file is not what this writes.
 */
public final class KafkaTopicManifest {

    public static final String CLUSTER = "vigie";
    public static final int REPLICAS = 3;
    public static final int MIN_IN_SYNC_REPLICAS = 2;

    private KafkaTopicManifest() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "deploy/kubernetes/kafka-topics.yaml");
        Files.writeString(out, render(Topics.ALL));
        System.out.println("wrote " + Topics.ALL.size() + " KafkaTopic resources to " + out);
    }

    public static String render(List<Topic<?, ?>> topics) {
        StringBuilder y = new StringBuilder();
        y.append("# GENERATED from org.vigie.contracts.topics.Topics by org.vigie.simulator.kubernetes.KafkaTopicManifest;\n")
                .append("# do not edit. Regenerate as deploy/simulator/README.md shows; a test fails when this file is stale.\n");
        for (Topic<?, ?> topic : topics) {
            Map<String, String> config = new TreeMap<>(topic.configs());
            config.put("min.insync.replicas", Integer.toString(MIN_IN_SYNC_REPLICAS));
            y.append("---\n")
                    .append("apiVersion: kafka.strimzi.io/v1beta2\n")
                    .append("kind: KafkaTopic\n")
                    .append("metadata:\n")
                    .append("  name: ").append(topic.name()).append('\n')
                    .append("  labels:\n")
                    .append("    strimzi.io/cluster: ").append(CLUSTER).append('\n')
                    .append("    app.kubernetes.io/part-of: vigie\n")
                    .append("  annotations:\n")
                    .append("    vigie.org/topic-key: ").append(topic.key()).append('\n')
                    .append("    vigie.org/description: ").append(quote(topic.description())).append('\n')
                    .append("spec:\n")
                    .append("  topicName: ").append(topic.name()).append('\n')
                    .append("  partitions: ").append(topic.partitions()).append('\n')
                    .append("  replicas: ").append(REPLICAS).append('\n')
                    .append("  config:\n");
            config.forEach((k, v) -> y.append("    ").append(k).append(": ").append(quote(v)).append('\n'));
        }
        return y.toString();
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
