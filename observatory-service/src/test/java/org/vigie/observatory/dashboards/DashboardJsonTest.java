package org.vigie.observatory.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Plain JUnit over the dashboard files: ids, datasource uids, no hard-coded instance, provisioning in place. */
class DashboardJsonTest {

    @Test
    void theFiveDashboardsAreThereWithUniqueUidsAndUniquePanelIds() {
        List<JsonNode> dashboards = Dashboards.all();
        assertThat(dashboards).extracting(d -> d.path("uid").asText())
                .containsExactlyInAnyOrder("vigie-national", "vigie-device", "vigie-alerts", "vigie-frugal", "vigie-platform");
        for (JsonNode d : dashboards) {
            List<Integer> ids = new ArrayList<>();
            d.path("panels").forEach(p -> ids.add(p.path("id").asInt()));
            assertThat(ids).as(d.path("uid").asText()).doesNotHaveDuplicates().doesNotContain(0);
            d.path("panels").forEach(p -> assertThat(p.path("targets").size()).as(p.path("title").asText()).isPositive());
        }
    }

    @Test
    void everyDatasourceUidIsProvisioned() throws IOException {
        String provisioning = Files.readString(Dashboards.GRAFANA.resolve("provisioning/datasources/vigie.yaml"));
        Set<String> provisioned = new HashSet<>();
        Matcher m = Pattern.compile("uid: (\\S+)").matcher(provisioning);
        while (m.find()) {
            provisioned.add(m.group(1));
        }
        assertThat(provisioned).containsExactlyInAnyOrder("vigie-prometheus", "vigie-postgres");
        for (JsonNode d : Dashboards.all()) {
            for (JsonNode uid : d.findValues("uid")) {
                if (uid != d.path("uid")) {
                    assertThat(provisioned).as("datasource uid in %s", d.path("uid").asText()).contains(uid.asText());
                }
            }
        }
        assertThat(provisioning).doesNotContainPattern("password: [^$]");
        assertThat(Files.readString(Dashboards.GRAFANA.resolve("provisioning/dashboards/vigie.yaml"))).contains("type: file");
    }

    @Test
    void noQueryNamesAnInstanceAHostOrAPort() {
        Pattern hardCoded = Pattern.compile("instance\\s*=|localhost|127\\.0\\.0\\.1|\\d+\\.\\d+\\.\\d+\\.\\d+|:\\d{4,5}\\b");
        for (String uid : List.of("vigie-postgres", "vigie-prometheus")) {
            for (Dashboards.Query q : Dashboards.queries(uid)) {
                assertThat(hardCoded.matcher(q.text()).find()).as("%s / %s", q.dashboard(), q.panel()).isFalse();
            }
        }
    }

    @Test
    void sqlPanelsReadOnlyThePublicViews() {
        Pattern table = Pattern.compile("(?i)\\b(?:from|join)\\s+([a-z_.]+)");
        for (Dashboards.Query q : Dashboards.queries("vigie-postgres")) {
            Matcher m = table.matcher(q.text());
            while (m.find()) {
                String name = m.group(1);
                boolean commonTableExpression = !name.contains(".")
                        && Pattern.compile("(?i)(with|,)\\s*" + name + "\\s+as\\s*\\(").matcher(q.text()).find();
                if (!commonTableExpression) {
                    assertThat(name).as("%s / %s", q.dashboard(), q.panel()).startsWith("observatory_views.");
                }
            }
        }
    }
}
