package org.vigie.observatory.bench;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigie.observatory.it.GrafanaRoleResource;
import org.vigie.observatory.it.Telemetry;
import org.vigie.testkit.PostgresServer;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.VigieTestResource;

/**
 * API and dashboard query latency over 30 days of rollups at 1M events/day (not in the default run):
 * {@code ../mvnw -B -o test -Dtest=ApiQueryBenchmark}. Writes the rollup rows directly (2,500 active device-version
 * × site cells a day, 400 inferences each = 1M/day; usage likewise), refreshes the public views, then times
 * each query 40 times after {@code bench.warmups} warm-ups (default 30: the service's code for a query shape is
 * compiled by then, as in a service that has been answering dashboards for a while; 5 before 2026-11-28 19:05) and
 * prints p50/p95. The client is the JDK's HttpClient on one keep-alive connection, whose own cost is well under a
 * millisecond (RestAssured's, used before 2026-11-28 19:05, was several).
 */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
@WithTestResource(GrafanaRoleResource.class)
class ApiQueryBenchmark {

    @Test
    void queryLatencyOverThirtyDaysOfRollups() throws Exception {
        long loadStarted = System.nanoTime();
        Telemetry.execute("INSERT INTO observatory.device_version SELECT 'qb-d' || d, '1.' || v, 'm' || (d % 20), 'dev', "
                + "(ARRAY['diagnostic_imaging','diagnostic_ecg','triage','clinical_documentation'])[1 + d % 4], "
                + "(ARRAY['I','IIa','IIb','III'])[1 + d % 4], 40.0, 'FR', now() FROM generate_series(0, 199) d, generate_series(0, 2) v");
        Telemetry.execute("INSERT INTO observatory.site SELECT 'qs' || s, 'r' || (s % 18), (ARRAY['chu','ch','clinic'])[1 + s % 3],"
                + " now() FROM generate_series(0, 999) s");
        Telemetry.execute("INSERT INTO observatory.inference_day SELECT day, 'qb-d' || (c % 200), '1.' || (c % 3), 'qs' || (c % 1000),"
                + " 'r' || ((c % 1000) % 18), 400, 120, 130, 3900, 270, 80000"
                + " FROM generate_series('2025-12-01'::timestamptz, '2025-12-30'::timestamptz, '1 day') day, generate_series(0, 2499) c");
        Telemetry.execute("INSERT INTO observatory.usage_day SELECT day, 'qb-d' || (c % 200), '1.' || (c % 3), 'qs' || (c % 1000),"
                + " 'r' || ((c % 1000) % 18), 'radiology', 10, 120, 40, 30"
                + " FROM generate_series('2025-12-01'::timestamptz, '2025-12-30'::timestamptz, '1 day') day, generate_series(0, 2499) c");
        Telemetry.execute("ANALYZE");
        System.out.printf("BENCH loaded 75,000 inference and 75,000 usage day rows in %.1f s%n", (System.nanoTime() - loadStarted) / 1e9);
        long refresh = System.nanoTime();
        Telemetry.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY observatory_views.daily_counts;"
                + "REFRESH MATERIALIZED VIEW CONCURRENTLY observatory_views.daily_energy;"
                + "REFRESH MATERIALIZED VIEW CONCURRENTLY observatory_views.daily_adoption;"
                + "REFRESH MATERIALIZED VIEW CONCURRENTLY observatory_views.daily_usage_rates");
        System.out.printf("BENCH refresh of the public views: %.1f s%n", (System.nanoTime() - refresh) / 1e9);

        String range = "from=2025-12-01&to=2025-12-31";
        String authority = TestTokens.authority("FR");
        time("API anonymous usage groupBy=region interval=day", null, "/v1/usage?groupBy=region&" + range);
        time("API anonymous usage groupBy=useCase interval=week", null, "/v1/usage?groupBy=useCase&interval=week&" + range);
        time("API anonymous usage no groupBy interval=day", null, "/v1/usage?" + range);
        time("API anonymous energy groupBy=riskClass interval=month", null, "/v1/energy?groupBy=riskClass&interval=month&" + range);
        time("API anonymous adoption groupBy=region,useCase interval=month", null, "/v1/adoption?groupBy=region,useCase&interval=month&" + range);
        time("API anonymous usage groupBy=site region=r3, 2 days", null, "/v1/usage?groupBy=site&region=r3&from=2025-12-01&to=2025-12-03");
        time("API authority usage groupBy=region,useCase interval=day", authority, "/v1/usage?groupBy=region,useCase&" + range);
        time("API authority usage groupBy=device interval=day", authority, "/v1/usage?groupBy=device&" + range);
        try (Connection c = PostgresServer.get().open(); Statement s = c.createStatement()) {
            for (String[] q : new String[][] {
                    {"SQL panel inferences by region (range)", "SELECT dim_value, CASE WHEN bool_or(suppressed) THEN NULL ELSE sum(value) END"
                            + " FROM observatory_views.daily_counts WHERE measure = 'inferences' AND dimension = 'region'"
                            + " AND day BETWEEN '2025-12-01' AND '2025-12-31' GROUP BY 1"},
                    {"SQL panel override rates by use case", "SELECT day, dim_value, overridden_rate FROM observatory_views.daily_usage_rates"
                            + " WHERE dimension = 'use_case' AND day BETWEEN '2025-12-01' AND '2025-12-31'"},
                    {"SQL panel energy per device version", "SELECT day, device_id, kwh_per_1000 FROM observatory_views.daily_energy"
                            + " WHERE day BETWEEN '2025-12-01' AND '2025-12-31'"},
                    {"SQL panel adoption latest day", "SELECT region, use_case, sites FROM observatory_views.daily_adoption"
                            + " WHERE region IS NOT NULL AND use_case IS NOT NULL AND day = '2025-12-30'"}}) {
                List<Long> ms = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    long t = System.nanoTime();
                    s.executeQuery(q[1]).close();
                    if (i >= 5) {
                        ms.add((System.nanoTime() - t) / 1_000_000);
                    }
                }
                report(q[0], ms);
            }
        }
    }

    private static final int WARMUPS = Integer.getInteger("bench.warmups", 30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static void time(String name, String token, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpRequest get = request.GET().build();
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < WARMUPS + 40; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> response = CLIENT.send(get, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError(path + ": " + response.statusCode() + " " + new String(response.body()));
            }
            if (i >= WARMUPS) {
                ms.add((System.nanoTime() - t) / 1_000_000);
            }
        }
        report(name, ms);
    }

    private static void report(String name, List<Long> ms) {
        Collections.sort(ms);
        System.out.printf("BENCH %-62s p50 %5d ms  p95 %5d ms%n", name, ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.95) - 1));
    }
}
