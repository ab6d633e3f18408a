package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The one-command platform, for real: {@code deploy/local/vigie up} on the jars this build packaged, a real
 * Kafka broker process, the machine's PostgreSQL (or an embedded one), every service UP; a token from
 * {@code vigie token} accepted by a service; then {@code down} leaves no process of ours running.
 * Ports are shifted by 1000 so a developer's own platform can keep running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalPlatformIT {

    private static final LocalPlatform PLATFORM = new LocalPlatform("vigie-local-it", 1000);
    private static final Path HOME = PLATFORM.home();
    private static final Map<String, Integer> SERVICES = Map.of("ingest", PLATFORM.port(8081), "drift",
            PLATFORM.port(8082), "alert", PLATFORM.port(8083), "observatory", PLATFORM.port(8084));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @BeforeAll
    static void clean() throws IOException {
        PLATFORM.fresh();
    }

    @AfterAll
    static void stopWhateverIsLeft() throws IOException {
        PLATFORM.down();
    }

    @Test
    @Order(1)
    void up_brings_kafka_postgres_and_every_built_service_to_UP() throws IOException {
        LocalPlatform.Result up = run("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("Vigie is UP");
        for (var service : builtServices()) {
            assertThat(up.output()).contains("http://127.0.0.1:" + SERVICES.get(service));
        }
        LocalPlatform.Result status = run("status");
        assertThat(status.output()).containsPattern("kafka\\s+\\d+\\s+running");
        for (var service : builtServices()) {
            assertThat(status.output()).containsPattern(service + "\\s+\\d+\\s+running\\s+UP");
        }
    }

    @Test
    @Order(2)
    void a_token_from_the_script_is_accepted_and_a_missing_one_refused() throws Exception {
        LocalPlatform.Result token = run("token", "--role", "manufacturer", "--manufacturer", "acme");
        assertThat(token.exitCode()).as(token.output()).isZero();
        String jwt = token.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        for (var service : builtServices()) {
            URI health = URI.create("http://127.0.0.1:" + SERVICES.get(service) + "/q/health/ready");
            assertThat(HTTP.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        }
        URI whoami = URI.create("http://127.0.0.1:" + SERVICES.get("ingest") + "/v1/whoami");
        var ok = HTTP.send(HttpRequest.newBuilder(whoami).header("Authorization", "Bearer " + jwt).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("acme");
        var refused = HTTP.send(HttpRequest.newBuilder(whoami).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
    }

    /**
     * A producer may compress its batches with any of Kafka's codecs (the observatory's benchmark uses lz4): the
     * platform's broker must take them all. It once lacked lz4-java and refused every lz4 batch.
     */
    @Test
    @Order(3)
    void the_broker_takes_batches_in_every_compression_codec() throws Exception {
        String bootstrap = "127.0.0.1:" + PLATFORM.port(9092);
        String topic = "vigie-it.compression";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                for (String codec : List.of("gzip", "snappy", "lz4", "zstd")) {
                    Properties props = new Properties();
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
                    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
                    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
                    try (KafkaProducer<String, String> producer =
                                 new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                        assertThat(producer.send(new ProducerRecord<>(topic, codec, "a record compressed with " + codec))
                                .get(30, TimeUnit.SECONDS).offset()).as(codec).isNotNegative();
                    }
                }
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Order(4)
    void up_again_is_safe() throws IOException {
        LocalPlatform.Result again = run("up");
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("kafka: already running");
    }

    @Test
    @Order(5)
    void down_leaves_no_process_of_ours_running() throws Exception {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.list(HOME.resolve("pids"))) {
            for (Path file : files.toList()) {
                pids.add(Long.parseLong(Files.readString(file).strip()));
            }
        }
        assertThat(pids).isNotEmpty();
        LocalPlatform.Result down = run("down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse();
        }
        String home = HOME.toString();
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(home)).orElse(false)).toList())
                .as("processes still naming the run folder").isEmpty();
        assertThat(run("status").output()).doesNotContainPattern("\\s+running");
    }

    private static List<String> builtServices() {
        String only = System.getenv("VIGIE_SERVICES");
        return SERVICES.keySet().stream().filter(s -> only == null || (" " + only + " ").contains(" " + s + " "))
                .filter(s -> Files.exists(LocalPlatform.ROOT.resolve(s + "-service/target/quarkus-app/quarkus-run.jar")))
                .sorted().toList();
    }

    private static LocalPlatform.Result run(String... args) throws IOException {
        return PLATFORM.run(Duration.ofMinutes(5), args);
    }
}
