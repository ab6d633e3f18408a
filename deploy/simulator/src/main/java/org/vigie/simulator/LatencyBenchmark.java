package org.vigie.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.vigie.contracts.events.DeviceEvent;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.Harm;
import org.vigie.contracts.events.ReporterRole;
import org.vigie.contracts.security.Roles;

/**
 * {@code deploy/local/vigie bench latency [--rate 5000] [--minutes 5]}: end-to-end latency from a device's POST
 * to the subscriber's webhook, under sustained load. The fleet streams baseline telemetry through ingest at the
 * target rate for the duration; meanwhile, once a second, a device posts a field report, which the platform turns
 * into an alert and delivers, signed, to the verifying receiver. Latency is from just before the report's POST
 * to the receiver reading the delivery (one clock: the benchmark hosts both ends). Field reports are the path a
 * single event takes end to end; a drift signal comes from a window of thousands of events and is due when its
 * window closes in event time, not at a wall-clock moment.
 *
 * <p>Prints the achieved rate, POST→ack and POST→webhook percentiles, probes lost, and the resident memory of
 * every platform process (from /proc, by the run folder's PIDs).
 */
public final class LatencyBenchmark {

    private LatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        URI alert = URI.create("http://127.0.0.1:8083");
        int receiverPort = 8099;
        Path home = null;
        double minutes = 5;
        List<String> simulatorArgs = new ArrayList<>(List.of("baseline"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--alert" -> alert = URI.create(args[++i]);
                case "--receiver-port" -> receiverPort = Integer.parseInt(args[++i]);
                case "--home" -> home = Path.of(args[++i]);
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                default -> simulatorArgs.add(args[i]);
            }
        }
        Simulator.Options options = Simulator.Options.parse(simulatorArgs.toArray(String[]::new));
        if (options.rate <= 0) {
            throw new IllegalArgumentException("give a target --rate (events per second)");
        }
        System.exit(run(options, alert, receiverPort, home, Duration.ofSeconds((long) (minutes * 60)), System.out) ? 0 : 1);
    }

    static boolean run(Simulator.Options options, URI alert, int receiverPort, Path home, Duration duration,
                       PrintStream out) throws Exception {
        long target = (long) (options.rate * duration.toSeconds());
        // Enough simulated fleet for the whole run: about 16,700 events per simulated day at volume 1.
        options.days = Timeline.MAX_DAYS;
        options.volume = Math.max(options.volume, 1.15 * target / (Timeline.MAX_DAYS * 16_700.0));
        Timeline timeline = Timeline.endingNow(options.days);
        options.end = timeline.end();
        Fleet fleet = Fleet.create(options.seed);
        Simulation simulation = new Simulation(fleet, options.scenario, timeline, options.volume, options.labelDelayScale);
        Tokens.LocalKey tokens = new Tokens.LocalKey(options.keys.resolve("private.pem"), options.issuer);
        String admin = tokens.sign(Roles.ADMIN, "vigie-bench", Map.of());
        IngestClient ingest = new IngestClient(options.ingest, options.retryFor);
        DeviceProfile reporter = fleet.device(DeviceCatalogue.TRIAGE_ED);
        Site site = fleet.deployment(reporter.deviceId()).busiestSite();
        String reporterToken = tokens.device(reporter.deviceId(), reporter.manufacturerId());

        Map<String, Long> postedAt = new ConcurrentHashMap<>();
        List<Long> ack = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> endToEnd = java.util.Collections.synchronizedList(new ArrayList<>());
        Clock clock = Clock.systemUTC();
        try (WebhookReceiver receiver = new WebhookReceiver(receiverPort, clock, d -> {
            Long t0 = postedAt.get(d.alert().path("evidence").path("eventId").asText());
            if (t0 != null) {
                endToEnd.add(System.nanoTime() - t0);
            }
        })) {
            receiver.secret(Demo.subscribe(alert, admin, receiver.url()));
            out.printf("latency benchmark: %,d baseline events at %,.0f events/s (%d s), one field report a second%n",
                    target, options.rate, duration.toSeconds());
            // Registers the fleet, then streams; the load stops after the target number of events.
            Accounting accounting = new Accounting();
            // Registered before the first probe: a report from an unknown device is refused, not late.
            Map<String, String> manufacturerOf = Simulator.register(simulation, ingest, tokens, out);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<Integer> load = pool.submit(() -> {
                long started = System.nanoTime();
                new TelemetrySender(ingest, tokens, accounting, options.rate, options.slice, options.concurrency, out)
                        .send(limit(simulation.events(), target), manufacturerOf, timeline);
                return (int) ((System.nanoTime() - started) / 1_000_000_000L);
            });
            int probes = 0;
            long next = System.nanoTime();
            while (!load.isDone()) {
                FeedbackEvent report = new FeedbackEvent(FeedbackEvent.TYPE, 1, UUID.randomUUID(), reporter.deviceId(),
                        reporter.modelVersion(), site.finess(), site.region().inseeCode(),
                        Instant.now().minusSeconds(1), ReporterRole.NURSE, FeedbackCategory.USABILITY, Harm.NONE,
                        "Latency probe: the triage score was shown after the nurse had already triaged.", List.of());
                long t0 = System.nanoTime();
                postedAt.put(report.eventId().toString(), t0);
                IngestClient.BatchResult result = ingest.send(List.<DeviceEvent>of(report), reporterToken);
                ack.add(System.nanoTime() - t0);
                if (result.accepted() != 1) {
                    out.printf("probe %s not accepted: %s%n", report.eventId(), result.rejected());
                }
                probes++;
                next += 1_000_000_000L;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
            int seconds = load.get();
            Instant deadline = Instant.now().plusSeconds(60);
            while (endToEnd.size() < probes && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
            }
            pool.shutdownNow();
            Accounting.Counts total = accounting.total();
            out.println();
            out.printf("load: %,d events accepted in %d s = %,.0f events/s (target %,.0f); %,d rejected%n",
                    total.accepted() + total.acceptedOrDuplicate(), seconds,
                    (total.accepted() + total.acceptedOrDuplicate()) / (double) Math.max(1, seconds), options.rate, total.rejected());
            out.printf("probes: %d posted, %d delivered, %d lost (not delivered within 60 s of the end)%n", probes,
                    endToEnd.size(), probes - endToEnd.size());
            out.printf("POST -> ack (ms):     %s%n", percentiles(ack));
            out.printf("POST -> webhook (ms): %s%n", percentiles(endToEnd));
            if (home != null) {
                out.println("resident memory (VmRSS):");
                try (var pids = Files.list(home.resolve("pids"))) {
                    for (Path pid : pids.sorted().toList()) {
                        out.printf("  %-12s %s%n", pid.getFileName().toString().replace(".pid", ""),
                                rss(Files.readString(pid).strip()));
                    }
                }
            }
            return endToEnd.size() == probes && total.rejected() == 0;
        }
    }

    private static Iterator<DeviceEvent> limit(Iterator<DeviceEvent> events, long max) {
        return new Iterator<>() {
            long n;

            @Override
            public boolean hasNext() {
                return n < max && events.hasNext();
            }

            @Override
            public DeviceEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                n++;
                return events.next();
            }
        };
    }

    static String percentiles(List<Long> nanos) {
        List<Long> sorted;
        synchronized (nanos) {
            sorted = new ArrayList<>(nanos);
        }
        if (sorted.isEmpty()) {
            return "no sample";
        }
        sorted.sort(null);
        return String.format("p50 %.0f  p95 %.0f  p99 %.0f  max %.0f  (n=%d)", at(sorted, 0.50), at(sorted, 0.95),
                at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6, sorted.size());
    }

    private static double at(List<Long> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    private static String rss(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format("%,d MiB (pid %s)", kb / 1024, pid);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "not running (pid " + pid + ")";
        }
        return "unknown";
    }
}
