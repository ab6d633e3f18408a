package org.vigie.observatory.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.AlertStatus;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.RiskClass;
import org.vigie.contracts.events.Severity;
import org.vigie.contracts.events.SignalKind;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.events.UseCase;
import org.vigie.contracts.topics.Topics;
import org.vigie.observatory.it.Events;
import org.vigie.observatory.it.GrafanaRoleResource;
import org.vigie.observatory.it.Telemetry;
import org.vigie.testkit.PostgresServer;
import org.vigie.testkit.VigieTestResource;

/**
 * Every SQL panel of every dashboard, run as Grafana runs it — logged in as the vigie_grafana role — against the
 * real database loaded with generated events through Kafka: each query succeeds, returns rows, never shows a
 * count from 1 to 10, and the small region is shown as suppressed. The role reads the views and nothing else.
 */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
@WithTestResource(GrafanaRoleResource.class)
class DashboardQueriesTest {

    private static final Instant DAY = Instant.parse("2025-09-01T00:00:00Z");
    private static final String RANGE_FROM = "'2025-08-25T00:00:00Z'";
    private static final String RANGE_TO = "'2025-09-10T00:00:00Z'";
    private static final Set<String> COUNT_COLUMNS = Set.of("inferences", "value", "open_alerts", "open_obligations",
            "overdue_obligations", "sites", "devices", "active_sites", "active_devices", "sample_n", "decisions");
    private static boolean loaded;

    @BeforeAll
    static void load() {
        if (loaded) {
            return;
        }
        Events large = Events.generate(7, "dash", DAY, 3, 2, new String[] {"11", "84", "93"}, 4, new int[] {3, 15, 40, 8});
        Events small = Events.generate(8, "dash", DAY, 3, 2, new String[] {"06"}, 1, new int[] {2});
        List<DeviceRegistration> registrations = new ArrayList<>();
        for (String version : List.of("1.0", "1.1")) {
            registrations.add(org.vigie.observatory.it.SurveillanceFixtures.registration("dash-dev-0", version,
                    UseCase.DIAGNOSTIC_IMAGING, RiskClass.IIB, new DeviceRegistration.EnergyProfile(null, 8, 15.0, 0.7, 16.0, 1.4, "FR")));
            registrations.add(org.vigie.observatory.it.SurveillanceFixtures.registration("dash-dev-1", version,
                    UseCase.DIAGNOSTIC_ECG, RiskClass.IIA, new DeviceRegistration.EnergyProfile(60.0, null, null, null, null, null, "FR")));
        }
        Telemetry.send(Topics.DEVICE_REGISTRATIONS, registrations, DeviceRegistration::deviceId);
        for (Events e : List.of(large, small)) {
            Telemetry.send(Topics.INFERENCES, e.inferences, InferenceEvent::deviceId);
            Telemetry.send(Topics.USAGES, e.usages, UsageEvent::deviceId);
            Telemetry.send(Topics.OUTCOMES, e.outcomes, OutcomeEvent::deviceId);
            Telemetry.send(Topics.FEEDBACK, e.feedback, FeedbackEvent::deviceId);
        }
        Instant at = DAY.plusSeconds(86_400 + 3_600);
        Telemetry.send(Topics.DRIFT_SIGNALS, List.of(
                org.vigie.observatory.it.SurveillanceFixtures.signal("dash-dev-0", "1.1", SignalKind.PERFORMANCE_BELOW_CLAIM,
                        "sensitivity", null, 0.84, 0.90, 0.80, 0.88, 420, at),
                org.vigie.observatory.it.SurveillanceFixtures.signal("dash-dev-0", "1.1", SignalKind.SUBGROUP_GAP,
                        "sensitivity", "sex=F", 0.07, null, 0.03, 0.11, 7, at)), s -> s.deviceId());
        List<org.vigie.contracts.events.Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            alerts.add(org.vigie.observatory.it.SurveillanceFixtures.alert("dash-dev-" + (i % 2), AlertKind.values()[i % 3],
                    Severity.values()[2 + i % 3], i < 11 ? AlertStatus.OPEN : AlertStatus.RESOLVED, 1, at.plusSeconds(i),
                    i < 3 ? Instant.now().minusSeconds(3_600) : Instant.now().plusSeconds(86_400 * 10)));
        }
        Telemetry.send(Topics.ALERTS, alerts, org.vigie.contracts.events.Alert::alertId);
        long inferences = large.inferences.size() + small.inferences.size();
        Telemetry.awaitNumber("SELECT coalesce(sum(inferences), 0) FROM observatory.inference_day WHERE device_id LIKE 'dash-%'",
                inferences, Duration.ofSeconds(90));
        Telemetry.awaitNumber("SELECT count(*) FROM observatory.alert_state WHERE device_id LIKE 'dash-%'", 12, Duration.ofSeconds(60));
        Telemetry.awaitNumber("SELECT count(*) FROM observatory.drift_signal WHERE device_id LIKE 'dash-%'", 2, Duration.ofSeconds(60));
        Telemetry.awaitNumber("SELECT count(*) FROM observatory.device_version WHERE device_id LIKE 'dash-%'", 4, Duration.ofSeconds(60));
        Telemetry.awaitNumber("SELECT coalesce(sum(viewed + accepted + overridden + ignored), 0) FROM observatory.usage_day"
                + " WHERE device_id LIKE 'dash-%'", large.usages.size() + small.usages.size(), Duration.ofSeconds(60));
        // Grafana reads the materialized views: wait for a refresh that includes all of it.
        Telemetry.awaitNumber("SELECT coalesce(sum(value), 0) FROM observatory_views.daily_counts WHERE measure = 'inferences'"
                + " AND dimension = 'device' AND dim_value LIKE 'dash-%'", inferences, Duration.ofSeconds(60));
        Telemetry.awaitNumber("SELECT count(*) FROM observatory_views.daily_usage_rates WHERE dimension = 'model_version'"
                + " AND parent = 'dash-dev-0'", 3, Duration.ofSeconds(60));
        Telemetry.awaitNumber("SELECT count(*) FROM observatory_views.daily_energy WHERE device_id LIKE 'dash-%'",
                Telemetry.number("SELECT count(*) FROM observatory.daily_energy_live WHERE device_id LIKE 'dash-%'"),
                Duration.ofSeconds(60));
        Telemetry.awaitNumber("SELECT count(*) FROM observatory_views.daily_adoption",
                Telemetry.number("SELECT count(*) FROM observatory.daily_adoption_live"), Duration.ofSeconds(60));
        loaded = true;
    }

    @Test
    void everySqlPanelRunsAsTheGrafanaRoleAndReturnsSuppressedRows() throws SQLException {
        List<Dashboards.Query> queries = Dashboards.queries("vigie-postgres");
        assertThat(queries).hasSizeGreaterThan(20);
        try (Connection grafana = asGrafana(); Statement s = grafana.createStatement()) {
            for (Dashboards.Query q : queries) {
                String sql = expand(q.text());
                List<List<Object>> rows = new ArrayList<>();
                List<String> columns = new ArrayList<>();
                long started = System.nanoTime();
                try (ResultSet rs = s.executeQuery(sql)) {
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        columns.add(md.getColumnLabel(i));
                    }
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int i = 1; i <= columns.size(); i++) {
                            row.add(rs.getObject(i));
                        }
                        rows.add(row);
                    }
                } catch (SQLException e) {
                    throw new AssertionError(q.dashboard() + " / " + q.panel() + ": " + e.getMessage() + "\n" + sql, e);
                }
                System.out.printf("panel %-14s %-60s %5d rows %6d ms%n", q.dashboard(), q.panel(), rows.size(),
                        (System.nanoTime() - started) / 1_000_000);
                assertThat(rows).as("%s / %s returns rows", q.dashboard(), q.panel()).isNotEmpty();
                for (List<Object> row : rows) {
                    for (int i = 0; i < columns.size(); i++) {
                        if (COUNT_COLUMNS.contains(columns.get(i)) && row.get(i) instanceof Number n
                                && !(n instanceof Double) && n.doubleValue() == Math.rint(n.doubleValue())) {
                            assertThat(n.longValue()).as("%s / %s: %s", q.dashboard(), q.panel(), columns.get(i))
                                    .satisfiesAnyOf(v -> assertThat(v).isZero(), v -> assertThat(v).isGreaterThanOrEqualTo(11));
                        }
                    }
                }
            }
        }
    }

    @Test
    void theSmallRegionIsShownAsSuppressedAndItsNeighbourTakesTheSecondaryMask() throws SQLException {
        try (Connection grafana = asGrafana(); Statement s = grafana.createStatement();
             ResultSet rs = s.executeQuery("SELECT dim_value, value, suppressed FROM observatory_views.daily_counts"
                     + " WHERE measure = 'inferences' AND dimension = 'region' AND day = '2025-09-01' ORDER BY 1")) {
            List<String> rows = Telemetry.rows(rs);
            assertThat(rows).contains("dim_value=06 value=null suppressed=t");
            assertThat(rows.stream().filter(r -> r.endsWith("suppressed=t")).count()).isGreaterThanOrEqualTo(2);
        }
        try (Connection grafana = asGrafana(); Statement s = grafana.createStatement();
             ResultSet rs = s.executeQuery("SELECT sample_n FROM observatory_views.drift_evidence WHERE kind = 'subgroup_gap'"
                     + " AND device_id = 'dash-dev-0'")) {
            assertThat(Telemetry.rows(rs)).containsExactly("sample_n=null");
        }
    }

    @Test
    void theGrafanaRoleReadsTheViewsAndNothingElseAndWritesNothing() throws SQLException {
        try (Connection grafana = asGrafana(); Statement s = grafana.createStatement()) {
            for (String table : List.of("observatory.inference_day", "observatory.inference_seen", "observatory.alert_state",
                    "observatory.count_cells")) {
                assertThatThrownBy(() -> s.executeQuery("SELECT * FROM " + table + " LIMIT 1"))
                        .as(table).hasMessageContaining("permission denied");
            }
            assertThatThrownBy(() -> s.execute("DELETE FROM observatory_views.daily_counts"))
                    .isInstanceOf(SQLException.class);
        }
    }

    static Connection asGrafana() throws SQLException {
        return DriverManager.getConnection(PostgresServer.get().jdbcUrl(), "vigie_grafana", GrafanaRoleResource.password());
    }

    /** Grafana's macros and the dashboard variable, as Grafana expands them for a range around the data. */
    static String expand(String sql) {
        return sql.replaceAll("\\$__timeFilter\\(([^)]+)\\)", "$1 BETWEEN " + RANGE_FROM + " AND " + RANGE_TO)
                .replace("$device", "dash-dev-0");
    }
}
