package org.vigie.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.security.Roles;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.Topics;

/**
 * {@code deploy/local/vigie drill <fault> [scenario options]}: a scenario streamed through the running platform
 * while one fault is injected, then the accounting: events sent, acknowledged by ingest, held by the broker,
 * counted by the observatory; signals, alerts and deliveries; consumer-group lag. It fails (exit 1) unless
 * acknowledged = held = counted, every expected alert reached the verifying receiver, nothing unexpected did, no
 * condition became two alerts, no signal was emitted twice for the same window, and every consumer caught up.
 *
 * <ul>
 *   <li>{@code broker-restart}: the Kafka broker is stopped (SIGTERM) at 40 % of the events and started again
 *       5 s later; devices get 503 + Retry-After meanwhile and retry.</li>
 *   <li>{@code drift-kill}: drift-service is killed (SIGKILL) at 40 % and started again.</li>
 *   <li>{@code alert-kill}: the receiver answers 503 until deliveries are pending and being retried; alert-service
 *       is then killed (SIGKILL) and started again, and the receiver recovers.</li>
 *   <li>{@code receiver-down}: the receiver is off the network from the start for {@code --down-seconds} (600: the
 *       issue's ten minutes; tests compress it), then listens again on the same port.</li>
 *   <li>{@code postgres-restart}: the local PostgreSQL server is restarted at 40 % ({@code pg_ctlcluster}).</li>
 * </ul>
 */
public final class Drill {

    enum Fault {
        BROKER_RESTART, DRIFT_KILL, ALERT_KILL, RECEIVER_DOWN, POSTGRES_RESTART;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Fault named(String name) {
            return Arrays.stream(values()).filter(f -> f.label().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown drill " + name + "; one of "
                            + Arrays.stream(values()).map(Fault::label).toList()));
        }
    }

    private final Fault fault;
    private final Simulator.Options options;
    private final Path home;
    private final Path script;
    private final Demo.Endpoints endpoints;
    private final KafkaAccounting kafka;
    private final double at;
    private final Duration downFor;
    private final Duration wait;
    private final Duration settle;
    private final PrintStream out;

    private Drill(Fault fault, Simulator.Options options, Path home, Path script, Demo.Endpoints endpoints,
                  String bootstrap, double at, Duration downFor, Duration wait, Duration settle, PrintStream out) {
        this.fault = fault;
        this.options = options;
        this.home = home;
        this.script = script;
        this.endpoints = endpoints;
        this.kafka = new KafkaAccounting(bootstrap);
        this.at = at;
        this.downFor = downFor;
        this.wait = wait;
        this.settle = settle;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Drill FAULT --home DIR --script PATH --kafka HOST:PORT --alert URL --observatory URL"
                    + " [--receiver-port N] [--at 0.4] [--down-seconds 600] [--wait-minutes 10] [--settle-seconds 30]"
                    + " SIMULATOR OPTIONS...; faults: " + Arrays.stream(Fault.values()).map(Fault::label).toList());
            System.exit(2);
        }
        Fault fault = Fault.named(args[0]);
        Path home = null;
        Path script = null;
        String bootstrap = "127.0.0.1:9092";
        URI alert = URI.create("http://127.0.0.1:8083");
        URI observatory = URI.create("http://127.0.0.1:8084");
        int receiverPort = 8099;
        double at = 0.4;
        Duration down = Duration.ofMinutes(10);
        Duration wait = Duration.ofMinutes(10);
        Duration settle = Duration.ofSeconds(30);
        List<String> simulatorArgs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]);
                case "--script" -> script = Path.of(args[++i]);
                case "--kafka" -> bootstrap = args[++i];
                case "--alert" -> alert = URI.create(args[++i]);
                case "--observatory" -> observatory = URI.create(args[++i]);
                case "--receiver-port" -> receiverPort = Integer.parseInt(args[++i]);
                case "--at" -> at = Double.parseDouble(args[++i]);
                case "--down-seconds" -> down = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--wait-minutes" -> wait = Duration.ofMinutes(Long.parseLong(args[++i]));
                case "--settle-seconds" -> settle = Duration.ofSeconds(Long.parseLong(args[++i]));
                default -> simulatorArgs.add(args[i]);
            }
        }
        if (home == null || script == null) {
            throw new IllegalArgumentException("give --home (the run folder) and --script (deploy/local/vigie)");
        }
        Simulator.Options options = Simulator.Options.parse(simulatorArgs.toArray(String[]::new));
        Drill drill = new Drill(fault, options, home, script, new Demo.Endpoints(alert, observatory, receiverPort),
                bootstrap, at, down, wait, settle, System.out);
        System.exit(drill.run() ? 0 : 1);
    }

    boolean run() throws Exception {
        Tokens.LocalKey tokens = new Tokens.LocalKey(options.keys.resolve("private.pem"), options.issuer);
        String admin = tokens.sign(Roles.ADMIN, "vigie-drill", Map.of());
        Timeline timeline = options.end != null ? Timeline.ending(options.end, options.days) : Timeline.endingNow(options.days);
        options.end = timeline.end();
        Simulation simulation = new Simulation(Fleet.create(options.seed), options.scenario, timeline, options.volume,
                options.labelDelayScale);
        List<ExpectedAlert> expected = simulation.expectedAlerts();
        long total = count(simulation.events());
        out.printf("drill %s: scenario %s, %,d events; expected %s%n", fault.label(), options.scenario.scenarioName(),
                total, expected.stream().filter(ExpectedAlert::required).map(e -> e.kind() + " " + e.deviceId()).toList());

        Accounting accounting = new Accounting();
        try (WebhookReceiver receiver = new WebhookReceiver(endpoints.receiverPort(), Clock.systemUTC(), d -> out.printf(
                "  webhook <- %s %s %s (delivery %s)%n", d.alert().path("severity").asText(), d.alert().path("kind").asText(),
                d.alert().path("deviceId").asText(), d.deliveryId()))) {
            receiver.secret(Demo.subscribe(endpoints.alert(), admin, receiver.url()));
            ExecutorService background = Executors.newSingleThreadExecutor();
            Future<Integer> sending = background.submit(() -> Simulator.run(options, out, accounting));
            try {
                inject(receiver, accounting, total, sending);
                int simulated = sending.get();
                Instant deadline = Instant.now().plus(wait);
                while (Instant.now().isBefore(deadline) && !Demo.allReceived(expected, receiver.deliveries())) {
                    Thread.sleep(2000);
                }
                Thread.sleep(settle.toMillis());
                return account(simulation, accounting, receiver, admin, timeline, simulated == 0);
            } finally {
                background.shutdownNow();
            }
        }
    }

    private void inject(WebhookReceiver receiver, Accounting accounting, long total, Future<Integer> sending)
            throws Exception {
        switch (fault) {
            case BROKER_RESTART -> {
                awaitSent(accounting, total, sending);
                long pid = pid("kafka");
                out.printf("FAULT: stopping the Kafka broker (pid %d, SIGTERM) with %,d events sent%n", pid, accounting.total().sent());
                stop(pid, false);
                Thread.sleep(5000);
                up("the broker");
            }
            case DRIFT_KILL -> {
                awaitSent(accounting, total, sending);
                kill("drift", accounting);
            }
            case POSTGRES_RESTART -> {
                awaitSent(accounting, total, sending);
                String origin = Files.readString(home.resolve("postgres.origin")).strip();
                if (!origin.equals("local server")) {
                    throw new IllegalStateException("the PostgreSQL drill restarts the local server; this platform uses: " + origin);
                }
                String version;
                try (var versions = Files.list(Path.of("/etc/postgresql"))) {
                    version = versions.map(v -> v.getFileName().toString()).sorted().findFirst().orElseThrow();
                }
                out.printf("FAULT: restarting PostgreSQL %s (pg_ctlcluster) with %,d events sent%n", version, accounting.total().sent());
                exec(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"));
                out.println("FAULT: PostgreSQL is back");
            }
            case ALERT_KILL -> {
                receiver.failing(true);
                out.println("FAULT: the receiver answers 503 until deliveries are pending");
                while (receiver.failed() < 3 && !(sending.isDone() && sending.get() != 0)) {
                    Thread.sleep(500);
                }
                kill("alert", accounting);
                receiver.failing(false);
                out.printf("FAULT: the receiver is healthy again (%d attempts refused with 503)%n", receiver.failed());
            }
            case RECEIVER_DOWN -> {
                receiver.shutDown();
                out.printf("FAULT: the receiver is down (connections refused) for %d s%n", downFor.toSeconds());
                Thread.sleep(downFor.toMillis());
                receiver.restart();
                out.println("FAULT: the receiver listens again");
            }
            default -> throw new IllegalStateException(fault.toString());
        }
    }

    private void awaitSent(Accounting accounting, long total, Future<Integer> sending) throws InterruptedException {
        while (accounting.total().sent() < at * total && !sending.isDone()) {
            Thread.sleep(100);
        }
    }

    private void kill(String service, Accounting accounting) throws IOException, InterruptedException {
        long pid = pid(service);
        out.printf("FAULT: killing %s (pid %d, SIGKILL) with %,d events sent%n", service, pid, accounting.total().sent());
        stop(pid, true);
        up(service);
    }

    private long pid(String name) throws IOException {
        return Long.parseLong(Files.readString(home.resolve("pids/" + name + ".pid")).strip());
    }

    private static void stop(long pid, boolean kill) throws InterruptedException {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            process.onExit().get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
        }
    }

    /** {@code vigie up}: starts what is not running (the component just stopped), leaves the rest alone. */
    private void up(String what) throws IOException, InterruptedException {
        out.printf("FAULT: starting %s again (deploy/local/vigie up)%n", what);
        exec(List.of("bash", script.toString(), "up"));
        out.printf("FAULT: %s is back%n", what);
    }

    private void exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("logs/drill-exec.log").toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed; see " + home.resolve("logs/drill-exec.log"));
        }
    }

    private static long count(Iterator<?> events) {
        long n = 0;
        while (events.hasNext()) {
            events.next();
            n++;
        }
        return n;
    }

    private boolean account(Simulation simulation, Accounting accounting, WebhookReceiver receiver, String admin,
                            Timeline timeline, boolean sentAll) throws IOException, InterruptedException {
        List<ExpectedAlert> expected = simulation.expectedAlerts();
        List<String> failures = new ArrayList<>();
        if (!sentAll) {
            failures.add("the simulator could not send every event");
        }
        out.println();
        out.printf("accounting of drill %s%n", fault.label());
        out.printf("  %-10s %10s %12s %12s %10s%n", "events", "sent", "acknowledged", "in Kafka", "rejected");
        Map<String, Topic<?, ?>> topics = new LinkedHashMap<>();
        topics.put(InferenceEvent.TYPE, Topics.INFERENCES);
        topics.put(OutcomeEvent.TYPE, Topics.OUTCOMES);
        topics.put(UsageEvent.TYPE, Topics.USAGES);
        topics.put(FeedbackEvent.TYPE, Topics.FEEDBACK);
        for (Map.Entry<String, Topic<?, ?>> t : topics.entrySet()) {
            Accounting.Counts c = accounting.of(t.getKey());
            long acknowledged = c.accepted() + c.duplicates() + c.acceptedOrDuplicate();
            KafkaAccounting.Distinct held = kafka.distinct(t.getValue().name(), "eventId");
            out.printf("  %-10s %,10d %,12d %,12d %,10d%s%n", t.getKey(), c.sent(), acknowledged, held.values().size(),
                    c.rejected(), held.records() != held.values().size()
                            ? String.format("  (%,d records: %,d written twice)", held.records(), held.records() - held.values().size()) : "");
            if (acknowledged != held.values().size()) {
                failures.add(t.getKey() + ": acknowledged " + acknowledged + " but the broker holds " + held.values().size());
            }
            if (c.rejected() > 0) {
                failures.add(t.getKey() + ": " + c.rejected() + " rejected");
            }
        }
        if (!ObservatoryTotals.check(endpoints.observatory(), admin, timeline, accounting, wait, out)) {
            failures.add("the observatory's totals differ from what ingest acknowledged");
        }

        List<JsonNode> signals = kafka.records(Topics.DRIFT_SIGNALS.name());
        Map<String, Long> perWindow = signals.stream().collect(Collectors.groupingBy(
                s -> s.path("conditionKey").asText() + "@" + s.path("window").path("end").asText(), Collectors.counting()));
        long twice = perWindow.values().stream().filter(n -> n > 1).count();
        out.printf("  signals    %,d on %s (%d emitted twice for the same condition and window)%n", signals.size(),
                Topics.DRIFT_SIGNALS.name(), twice);
        if (twice > 0) {
            failures.add(twice + " signal(s) emitted twice for the same condition and window");
        }
        KafkaAccounting.Distinct alerts = kafka.distinct(Topics.ALERTS.name(), "alertId");
        out.printf("  alerts     %,d (%,d revisions on %s)%n", alerts.values().size(), alerts.records(), Topics.ALERTS.name());

        List<WebhookReceiver.Delivery> deliveries = receiver.deliveries();
        out.printf("  deliveries %,d verified, %d redelivered (acknowledged, not processed again), %d bad signatures%n",
                deliveries.size(), receiver.redelivered(), receiver.refused());
        Map<String, Set<String>> alertsPerCondition = deliveries.stream().collect(Collectors.groupingBy(
                d -> d.alert().path("conditionKey").asText(), Collectors.mapping(d -> d.alert().path("alertId").asText(),
                        Collectors.toSet())));
        alertsPerCondition.forEach((condition, ids) -> {
            if (ids.size() > 1) {
                failures.add("condition " + condition + " became " + ids.size() + " alerts");
            }
        });
        for (ExpectedAlert e : expected) {
            boolean got = deliveries.stream().anyMatch(d -> Demo.matches(e, d.alert()));
            out.printf("  %s %-9s %s %s%n", got ? "received" : e.required() ? "MISSING " : "not seen",
                    e.required() ? "required" : "allowed", e.kind(), e.deviceId());
            if (!got && e.required()) {
                failures.add("expected alert not delivered: " + e.kind() + " " + e.deviceId());
            }
        }
        deliveries.stream().filter(d -> expected.stream().noneMatch(e -> Demo.matches(e, d.alert())))
                .map(d -> d.alert().path("kind").asText() + " " + d.alert().path("deviceId").asText())
                .distinct().forEach(a -> failures.add("unexpected alert delivered: " + a));

        Map<String, Long> lag = awaitCaughtUp();
        out.printf("  consumer lag %s%n", lag);
        lag.forEach((group, behind) -> {
            if (behind > 0) {
                failures.add("consumer group " + group + " is " + behind + " records behind");
            }
        });
        out.println();
        if (failures.isEmpty()) {
            out.printf("drill %s PASSED: nothing lost; no count, signal or alert twice%n", fault.label());
            return true;
        }
        out.printf("drill %s FAILED:%n", fault.label());
        failures.forEach(f -> out.printf("  - %s%n", f));
        return false;
    }

    private Map<String, Long> awaitCaughtUp() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        Map<String, Long> lag = kafka.lag();
        while (lag.values().stream().anyMatch(n -> n > 0) && Instant.now().isBefore(deadline)) {
            Thread.sleep(2000);
            lag = kafka.lag();
        }
        return lag;
    }
}
