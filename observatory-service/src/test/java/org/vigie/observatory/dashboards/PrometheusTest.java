package org.vigie.observatory.dashboards;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.topics.Topics;
import org.vigie.observatory.it.GrafanaRoleResource;
import org.vigie.observatory.it.Telemetry;
import org.vigie.testkit.VigieTestResource;

/**
 * PromQL, tested for real with Debian's Prometheus (deploy/prometheus/install-prometheus.sh installs it where
 * missing): {@code promtool check config} and {@code promtool test rules} on deploy/prometheus, and a real
 * Prometheus scraping this running service's /q/metrics, evaluating every Prometheus panel query of the
 * dashboards. A query over metrics this service exports must return samples; a query over another service's
 * metrics (ingest, alert) must be valid PromQL that evaluates. Skipped, saying so, when Prometheus is absent.
 */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
@WithTestResource(GrafanaRoleResource.class)
class PrometheusTest {

    private static final Pattern METRIC = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\b(?=\\s*[{\\[)])");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "by", "rate", "max", "histogram_quantile", "increase",
            "clamp_min", "le", "avg", "count", "min");

    @TestHTTPResource("/")
    URL service;

    @Test
    void rulesAndConfigPassPromtool() throws Exception {
        requireBinary("promtool");
        Path dir = Dashboards.PROMETHEUS.toAbsolutePath().normalize();
        assertThat(run(dir, "promtool", "check", "config", "prometheus.yml")).as("promtool check config").isZero();
        assertThat(run(dir, "promtool", "test", "rules", "tests/vigie-alerts.test.yml")).as("promtool test rules").isZero();
    }

    @Test
    void everyPrometheusPanelQueryEvaluatesOnARealPrometheusScrapingThisService() throws Exception {
        requireBinary("prometheus");
        // Make the service's own series exist: a batch applied, and some HTTP traffic.
        Telemetry.send(Topics.INFERENCES, List.of(new InferenceEvent(null, 1, UUID.randomUUID(), "prom-dev", "1", "prom-site",
                "chu", "11", Instant.parse("2025-10-01T10:00:00Z"), "c", null, 0.5, 1, null, 120.0, null)),
                InferenceEvent::deviceId);
        Telemetry.awaitNumber("SELECT count(*) FROM observatory.inference_day WHERE device_id = 'prom-dev'", 1,
                Duration.ofSeconds(60));
        given().get("/v1/usage").then().statusCode(200);
        String exported = given().get("/q/metrics").then().statusCode(200).extract().asString();

        Path work = Files.createTempDirectory("vigie-prometheus");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(work.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: vigie-observatory
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ["%s:%d"]
                """.formatted(service.getHost(), service.getPort()));
        Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            awaitResult(http, base, "up{job=\"vigie-observatory\"} == 1", Duration.ofSeconds(60));
            // rate() needs two samples in its window; histograms a few.
            Thread.sleep(5_000);
            given().get("/v1/usage").then().statusCode(200);
            Thread.sleep(3_000);
            List<Dashboards.Query> queries = Dashboards.queries("vigie-prometheus");
            assertThat(queries).hasSizeGreaterThanOrEqualTo(9);
            for (Dashboards.Query q : queries) {
                JsonNode answer = query(http, base, q.text());
                assertThat(answer.path("status").asText()).as("%s / %s: %s", q.dashboard(), q.panel(), answer).isEqualTo("success");
                Set<String> metrics = metricNames(q.text());
                boolean ours = metrics.stream().allMatch(m -> m.equals("up") || exported.contains("\n" + m + "{")
                        || exported.contains("\n" + m + " "));
                if (ours) {
                    assertThat(answer.path("data").path("result").size()).as("%s / %s returns series: %s", q.dashboard(),
                            q.panel(), q.text()).isPositive();
                }
            }
        } finally {
            prometheus.destroy();
            prometheus.waitFor();
        }
    }

    private static Set<String> metricNames(String promql) {
        Set<String> names = new HashSet<>();
        Matcher m = METRIC.matcher(promql.replaceAll("\\{[^}]*}", "{}").replaceAll("\\[[^]]*]", "[]"));
        while (m.find()) {
            if (!PROMQL_WORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static JsonNode query(HttpClient http, String base, String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }

    private static void awaitResult(HttpClient http, String base, String promql, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (query(http, base, promql).path("data").path("result").size() > 0) {
                    return;
                }
            } catch (IOException notYetListening) {
                // Prometheus is starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus never scraped the service: " + promql);
    }

    private static void requireBinary(String name) {
        boolean present = List.of("/usr/bin", "/usr/local/bin", "/bin").stream().anyMatch(d -> Files.isExecutable(Path.of(d, name)));
        Assumptions.assumeTrue(present, name + " is not installed: run deploy/prometheus/install-prometheus.sh"
                + " (apt-get install -y prometheus) to test the PromQL of the dashboards and alert rules");
    }

    private static int run(Path dir, String... command) throws IOException, InterruptedException {
        // Never inheritIO: the forked test JVM's stdout is surefire's channel. Output goes to the report on failure.
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        if (status != 0) {
            System.out.println(String.join(" ", command) + "\n" + output);
        }
        return status;
    }
}
