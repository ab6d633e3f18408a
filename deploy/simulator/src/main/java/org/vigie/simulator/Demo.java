package org.vigie.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.security.Roles;

/**
 * {@code deploy/local/vigie demo [scenario]}: a newcomer's tour. Starts a webhook receiver that verifies
 * and logs signed deliveries, subscribes it to every alert (as admin), runs the scenario through the real
 * ingest API, and waits until the scenario's expected alerts have been received and verified.
 * <pre>
 * Demo [--alert http://127.0.0.1:8083] [--receiver-port 8099] [--wait-minutes 10] SIMULATOR OPTIONS...
 * </pre>
 */
public final class Demo {

    private static final ObjectMapper JSON = VigieJson.mapper();

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        URI alert = URI.create("http://127.0.0.1:8083");
        URI observatory = null;
        int receiverPort = 8099;
        Duration wait = Duration.ofMinutes(10);
        Duration settle = Duration.ofSeconds(30);
        List<String> simulatorArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--alert" -> alert = URI.create(args[++i]);
                case "--receiver-port" -> receiverPort = Integer.parseInt(args[++i]);
                case "--wait-minutes" -> wait = Duration.ofMinutes(Long.parseLong(args[++i]));
                case "--settle-seconds" -> settle = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--observatory" -> observatory = URI.create(args[++i]);
                default -> simulatorArgs.add(args[i]);
            }
        }
        Simulator.Options options = Simulator.Options.parse(simulatorArgs.toArray(String[]::new));
        if (options.keys == null) {
            throw new IllegalArgumentException("the demo mints its own tokens: pass --keys <run folder>/keys");
        }
        System.exit(run(options, new Endpoints(alert, observatory, receiverPort), wait, settle, System.out));
    }

    /** Where the demo finds the platform, and the port of its own receiver. */
    record Endpoints(URI alert, URI observatory, int receiverPort) {
    }

    static int run(Simulator.Options options, Endpoints endpoints, Duration wait, Duration settle, PrintStream out)
            throws IOException, InterruptedException {
        URI alert = endpoints.alert();
        Tokens.LocalKey tokens = new Tokens.LocalKey(options.keys.resolve("private.pem"), options.issuer);
        String admin = tokens.sign(Roles.ADMIN, "vigie-demo", Map.of());
        Timeline timeline = options.end != null ? Timeline.ending(options.end, options.days) : Timeline.endingNow(options.days);
        options.end = timeline.end(); // the simulator sends exactly this span
        List<ExpectedAlert> expected = new Simulation(Fleet.create(options.seed), options.scenario, timeline,
                options.volume, options.labelDelayScale).expectedAlerts();

        try (WebhookReceiver receiver = new WebhookReceiver(endpoints.receiverPort(), Clock.systemUTC(), d -> out.printf(
                "  webhook <- verified delivery %s: %s %s on %s%s%n", d.deliveryId(),
                d.alert().path("severity").asText(), d.alert().path("kind").asText(),
                d.alert().path("deviceId").asText(), scope(d.alert()).isEmpty() ? "" : " (" + scope(d.alert()) + ")"))) {
            String secret = subscribe(alert, admin, receiver.url());
            receiver.secret(secret);
            out.printf("webhook receiver on %s, subscribed to every alert (signature verified, deliveries de-duplicated)%n",
                    receiver.url());
            out.printf("expected for %s: %s%n", options.scenario.scenarioName(), expected.isEmpty() ? "no alert"
                    : expected.stream().filter(ExpectedAlert::required).map(Demo::describe).toList());

            Accounting accounting = new Accounting();
            int simulated = Simulator.run(options, out, accounting);
            if (simulated != 0) {
                out.println("the simulator could not send every event; see its accounting above");
            }
            Instant deadline = Instant.now().plus(wait);
            out.printf("waiting up to %d min for the alerts to reach the webhook...%n", wait.toMinutes());
            while (Instant.now().isBefore(deadline) && !allReceived(expected, receiver.deliveries())) {
                Thread.sleep(2000);
            }
            // Whatever else the platform raises comes from the same events: give it time to show, so that a false
            // alarm is seen (baseline waits the whole settling time for nothing).
            Thread.sleep(settle.toMillis());
            boolean alerts = report(expected, receiver, out, alert);
            boolean totals = endpoints.observatory() == null
                    || ObservatoryTotals.check(endpoints.observatory(), admin, timeline, accounting, wait, out);
            return alerts && totals && simulated == 0 ? 0 : 1;
        }
    }

    static String subscribe(URI alert, String token, String callback) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String body = JSON.writeValueAsString(Map.of("callbackUrl", callback));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(alert.resolve("/v1/subscriptions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IOException("subscription refused by the alert service: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("secret").asText();
    }

    static boolean allReceived(List<ExpectedAlert> expected, List<WebhookReceiver.Delivery> deliveries) {
        return expected.stream().filter(ExpectedAlert::required)
                .allMatch(e -> deliveries.stream().anyMatch(d -> matches(e, d.alert())));
    }

    static boolean matches(ExpectedAlert expectation, JsonNode alert) {
        AlertKind kind;
        try {
            kind = JSON.treeToValue(alert.path("kind"), AlertKind.class);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        return expectation.matches(kind, alert.path("deviceId").asText(), alert.path("modelVersion").asText(null),
                scope(alert).isEmpty() ? null : scope(alert));
    }

    private static String scope(JsonNode alert) {
        JsonNode evidence = alert.path("evidence");
        return evidence.path("feature").asText(evidence.path("subgroup").asText(""));
    }

    private static String describe(ExpectedAlert e) {
        String scope = e.feature() != null ? " " + e.feature() : e.subgroup() != null ? " " + e.subgroup() : "";
        return e.kind().name().toLowerCase() + " " + e.deviceId() + scope;
    }

    private static boolean report(List<ExpectedAlert> expected, WebhookReceiver receiver, PrintStream out, URI alert) {
        List<WebhookReceiver.Delivery> deliveries = receiver.deliveries();
        out.println();
        out.printf("deliveries verified: %d (refused signatures: %d, redeliveries acknowledged: %d)%n",
                deliveries.size(), receiver.refused(), receiver.redelivered());
        boolean ok = true;
        for (ExpectedAlert e : expected) {
            boolean got = deliveries.stream().anyMatch(d -> matches(e, d.alert()));
            out.printf("  %s %-9s %s — %s%n", got ? "received" : e.required() ? "MISSING " : "not seen", 
                    e.required() ? "required" : "allowed", describe(e), e.why());
            ok &= got || !e.required();
        }
        long unexpected = deliveries.stream().filter(d -> expected.stream().noneMatch(e -> matches(e, d.alert()))).count();
        if (unexpected > 0) {
            out.printf("  UNEXPECTED: %d delivered alert(s) matched no expectation of the scenario (false alarms):%n",
                    unexpected);
            deliveries.stream().filter(d -> expected.stream().noneMatch(e -> matches(e, d.alert())))
                    .map(d -> d.alert().path("kind").asText() + " " + d.alert().path("deviceId").asText() + " "
                            + d.alert().path("modelVersion").asText("") + " " + scope(d.alert()))
                    .distinct().forEach(a -> out.printf("    %s%n", a));
            ok = false;
        }
        out.println();
        out.println("Where to look next:");
        out.printf("  alerts          %s/v1/alerts  (token: deploy/local/vigie token --role admin)%n", alert);
        out.printf("  API docs        %s/q/swagger-ui and the other services' /q/swagger-ui%n", alert);
        int offset = alert.getPort() - 8083;
        out.printf("  observatory     http://127.0.0.1:%d/v1/usage?groupBy=region  (small cells suppressed)%n", 8084 + offset);
        out.printf("  drift figures   http://127.0.0.1:%d/v1/drift/devices/<deviceId>%n", 8082 + offset);
        out.printf("  metrics         http://127.0.0.1:%d..%d/q/metrics (Prometheus format)%n", 8081 + offset, 8084 + offset);
        return ok;
    }
}
