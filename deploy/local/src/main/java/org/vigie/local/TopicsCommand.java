package org.vigie.local;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.vigie.contracts.topics.TopicProvisioner;

/** {@code topics <bootstrap> [timeoutSeconds]}: waits for the broker, then creates the contracts' topics. */
final class TopicsCommand {

    private TopicsCommand() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"))) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    break;
                } catch (Exception e) {
                    if (Instant.now().isAfter(deadline)) {
                        System.err.println("Kafka at " + bootstrap + " did not answer in time: " + e.getMessage());
                        System.exit(1);
                    }
                    Thread.sleep(250);
                }
            }
            List<String> created = TopicProvisioner.ensureAll(admin);
            System.out.println(created.isEmpty() ? "topics: all present" : "topics: created " + created);
        }
    }
}
