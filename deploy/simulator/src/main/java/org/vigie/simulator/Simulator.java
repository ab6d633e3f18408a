package org.vigie.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigie.contracts.events.DeviceEvent;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.security.Roles;

/**
 * The device simulator's command line:
 * <pre>
 * java -cp ... org.vigie.simulator.Simulator --scenario performance-decay --seed 42 --rate 2000 --days 21 \
 *      --ingest http://127.0.0.1:8081 --keys .vigie/keys
 * </pre>
 * Registers the fleet, streams the scenario's events, prints progress and a final accounting per event type.
 * Exit status 0 when every event was written (or was already), 1 when some were refused or a request failed.
 * See README.md for every option.
 */
public final class Simulator {

    private static final ObjectMapper JSON = VigieJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    private Simulator() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(Options.parse(args), System.out));
        } catch (IllegalArgumentException e) {
            System.err.println("simulator: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
        } catch (IOException e) {
            System.err.println("simulator: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }

    static int run(Options o, PrintStream out) throws IOException, InterruptedException {
        return run(o, out, new Accounting());
    }

    /** Runs the options' scenario, counting what became of every event in {@code accounting}. */
    static int run(Options o, PrintStream out, Accounting accounting) throws IOException, InterruptedException {
        if (o.list) {
            for (Scenario s : Scenario.values()) {
                out.printf("%-18s %s%n", s.scenarioName(), s.story());
            }
            return 0;
        }
        Timeline timeline = o.end != null ? Timeline.ending(o.end, o.days) : Timeline.endingNow(o.days);
        Simulation simulation = new Simulation(Fleet.create(o.seed), o.scenario, timeline, o.volume, o.labelDelayScale);
        if (o.expectedOnly) {
            out.println(JSON.writeValueAsString(simulation.expectedAlerts()));
            return 0;
        }
        out.printf("scenario %s (seed %d): %s%n", o.scenario.scenarioName(), o.seed, o.scenario.story());
        out.printf("simulated span %s .. %s (%d days), %d devices at %d sites, volume x%s%n", timeline.start(),
                timeline.end(), timeline.days(), simulation.fleet().devices().size(), simulation.fleet().sites().size(),
                o.volume);
        if (o.dryRun) {
            countOnly(simulation.events(), accounting);
        } else {
            IngestClient ingest = new IngestClient(o.ingest, o.retryFor);
            Tokens tokens = o.keys != null ? new Tokens.LocalKey(o.keys.resolve("private.pem"), o.issuer)
                    : new Tokens.Given(o.manufacturerTokens, o.adminToken, o.deviceTokens, ingest);
            Map<String, String> manufacturerOf = register(simulation, ingest, tokens, out);
            try {
                new TelemetrySender(ingest, tokens, accounting, o.rate, o.slice, o.concurrency, out)
                        .send(simulation.events(), manufacturerOf, timeline);
            } catch (IOException e) {
                out.println("stopped: " + e.getMessage());
                finish(o, simulation, accounting, out, false);
                return 1;
            }
        }
        return finish(o, simulation, accounting, out, true) ? 0 : 1;
    }

    static Map<String, String> register(Simulation simulation, IngestClient ingest, Tokens tokens, PrintStream out)
            throws IOException, InterruptedException {
        Map<String, String> manufacturerOf = new LinkedHashMap<>();
        int created = 0;
        List<DeviceRegistration> registrations = simulation.registrations();
        for (DeviceRegistration r : registrations) {
            if (ingest.register(r, tokens.manufacturer(r.manufacturerId()))) {
                created++;
            }
            manufacturerOf.put(r.deviceId(), r.manufacturerId());
        }
        out.printf("registered %d device versions (%d new) of %d manufacturers%n", registrations.size(), created,
                simulation.fleet().manufacturers().size());
        return manufacturerOf;
    }

    private static void countOnly(Iterator<DeviceEvent> events, Accounting accounting) {
        List<DeviceEvent> chunk = new ArrayList<>();
        while (events.hasNext()) {
            chunk.add(events.next());
            if (chunk.size() == IngestClient.MAX_BATCH || !events.hasNext()) {
                accounting.record(chunk, new IngestClient.BatchResult(chunk.size(), 0, List.of(), 0));
                chunk.clear();
            }
        }
    }

    private static boolean finish(Options o, Simulation simulation, Accounting accounting, PrintStream out, boolean complete)
            throws IOException {
        out.println();
        out.print(accounting.table());
        accounting.sampleRejections().forEach(r -> out.printf("  rejected %s #%d: %s (%s) at %s%n", r.type(), r.index(),
                r.title(), r.detail(), r.pointer()));
        out.println();
        out.println("expected alerts (required ! / allowed ?):");
        for (ExpectedAlert a : simulation.expectedAlerts()) {
            out.printf("  %s %-26s %-24s %-8s %s%n", a.required() ? "!" : "?", a.kind(), a.deviceId(),
                    a.modelVersion() == null ? "" : a.modelVersion(),
                    a.feature() != null ? a.feature() : a.subgroup() != null ? a.subgroup() : "");
        }
        if (simulation.expectedAlerts().isEmpty()) {
            out.println("  none");
        }
        if (o.summary != null) {
            Files.writeString(o.summary, JSON.writeValueAsString(summary(o, simulation, accounting, complete)));
            out.println("summary written to " + o.summary);
        }
        return complete && accounting.total().rejected() == 0;
    }

    static ObjectNode summary(Options o, Simulation simulation, Accounting accounting, boolean complete) {
        ObjectNode root = JSON.createObjectNode();
        root.put("scenario", simulation.scenario().scenarioName());
        root.put("story", simulation.scenario().story());
        root.put("seed", o.seed);
        root.put("start", simulation.timeline().start().toString());
        root.put("end", simulation.timeline().end().toString());
        root.put("days", simulation.timeline().days());
        root.put("volume", o.volume);
        root.put("complete", complete);
        root.set("expectedAlerts", JSON.valueToTree(simulation.expectedAlerts()));
        ObjectNode events = root.putObject("events");
        for (String type : Accounting.TYPES) {
            Accounting.Counts c = accounting.of(type);
            events.putObject(type).put("sent", c.sent()).put("accepted", c.accepted()).put("duplicates", c.duplicates())
                    .put("rejected", c.rejected()).put("acceptedOrDuplicate", c.acceptedOrDuplicate());
        }
        root.set("sentByDevice", JSON.valueToTree(accounting.sentByDevice()));
        root.set("rejections", JSON.valueToTree(accounting.sampleRejections()));
        return root;
    }

    /** The command line. */
    static final class Options {

        static final String USAGE = """
                usage: Simulator [--scenario] NAME [--seed 42] [--days 21] [--rate 2000] [--volume 1.0]
                                 [--ingest http://127.0.0.1:8081] (--keys .vigie/keys | --manufacturer-token ID=JWT ...
                                 | --admin-token JWT) [--device-token ID=JWT ...] [--issuer URL]
                                 [--end 2026-03-01T12:00:00Z] [--label-delay-scale 1.0] [--slice-minutes 30]
                                 [--concurrency 4] [--retry-for-seconds 600] [--summary FILE]
                                 [--expected] [--dry-run] [--list]""";

        Scenario scenario = Scenario.BASELINE;
        long seed = 42;
        int days = 21;
        double rate = 2000;
        double volume = 1.0;
        double labelDelayScale = 1.0;
        URI ingest = URI.create("http://127.0.0.1:8081");
        Path keys;
        String issuer = Roles.DEFAULT_ISSUER;
        Map<String, String> manufacturerTokens = new LinkedHashMap<>();
        Map<String, String> deviceTokens = new LinkedHashMap<>();
        String adminToken;
        Instant end;
        Duration slice = Duration.ofMinutes(30);
        int concurrency = 4;
        Duration retryFor = Duration.ofMinutes(10);
        Path summary;
        boolean expectedOnly;
        boolean dryRun;
        boolean list;

        static Options parse(String... args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--expected" -> o.expectedOnly = true;
                    case "--dry-run" -> o.dryRun = true;
                    case "--list" -> o.list = true;
                    default -> {
                        if (!a.startsWith("--")) {
                            o.scenario = Scenario.named(a);
                            continue;
                        }
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(a + " needs a value");
                        }
                        o.set(a.substring(2), args[++i]);
                    }
                }
            }
            if (o.keys == null && o.manufacturerTokens.isEmpty() && o.adminToken == null && !o.dryRun && !o.expectedOnly
                    && !o.list) {
                throw new IllegalArgumentException("give --keys <dir with private.pem>, or --manufacturer-token / --admin-token");
            }
            return o;
        }

        private void set(String name, String value) {
            try {
                switch (name) {
                    case "scenario" -> scenario = Scenario.named(value);
                    case "seed" -> seed = Long.parseLong(value);
                    case "days" -> days = Integer.parseInt(value);
                    case "rate" -> rate = Double.parseDouble(value);
                    case "volume" -> volume = Double.parseDouble(value);
                    case "label-delay-scale" -> labelDelayScale = Double.parseDouble(value);
                    case "ingest" -> ingest = URI.create(value.endsWith("/") ? value : value + "/");
                    case "keys" -> keys = Path.of(value);
                    case "issuer" -> issuer = value;
                    case "manufacturer-token" -> manufacturerTokens.put(key(value), value.substring(value.indexOf('=') + 1));
                    case "device-token" -> deviceTokens.put(key(value), value.substring(value.indexOf('=') + 1));
                    case "admin-token" -> adminToken = value;
                    case "end" -> end = Instant.parse(value);
                    case "slice-minutes" -> slice = Duration.ofMinutes(Long.parseLong(value));
                    case "concurrency" -> concurrency = Integer.parseInt(value);
                    case "retry-for-seconds" -> retryFor = Duration.ofSeconds(Long.parseLong(value));
                    case "summary" -> summary = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option --" + name);
                }
            } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("--" + name + ": cannot read " + value);
            }
        }

        private static String key(String assignment) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected ID=TOKEN, got a value without '='");
            }
            return assignment.substring(0, eq);
        }
    }
}
