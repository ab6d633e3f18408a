package org.vigie.observatory.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The provisioned dashboards in deploy/grafana, and their panels' queries. */
public final class Dashboards {

    public static final Path GRAFANA = Path.of("..", "deploy", "grafana");
    public static final Path PROMETHEUS = Path.of("..", "deploy", "prometheus");

    public record Query(String dashboard, String panel, String datasourceUid, String text) {
    }

    private Dashboards() {
    }

    public static List<JsonNode> all() {
        try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
            List<JsonNode> out = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                out.add(new ObjectMapper().readTree(file.toFile()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Query> queries(String datasourceUid) {
        List<Query> out = new ArrayList<>();
        for (JsonNode dashboard : all()) {
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String uid = target.path("datasource").path("uid").asText(panel.path("datasource").path("uid").asText());
                    String text = target.has("rawSql") ? target.path("rawSql").asText() : target.path("expr").asText();
                    if (uid.equals(datasourceUid)) {
                        out.add(new Query(dashboard.path("uid").asText(), panel.path("title").asText(), uid, text));
                    }
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (variable.path("datasource").path("uid").asText().equals(datasourceUid)) {
                    out.add(new Query(dashboard.path("uid").asText(), "variable " + variable.path("name").asText(),
                            datasourceUid, variable.path("query").asText()));
                }
            }
        }
        return out;
    }
}
