package org.vigie.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vigie.contracts.events.DeviceEvent;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;

/**
 * Streams the simulation's events to ingest-service as the devices would: each device posts its own events with
 * its own token, in batches of at most 500, in event-time order. The stream is cut into slices of simulated time
 * (30 minutes by default, inside the drift service's one-hour grace): every device's events of a slice are posted
 * (devices in parallel) before any event of the next slice, so no device runs far ahead of another on a partition.
 * Paced to a target rate of events per second of wall-clock time.
 */
public final class TelemetrySender {

    private final IngestClient ingest;
    private final Tokens tokens;
    private final Accounting accounting;
    private final double rate;
    private final Duration slice;
    private final int concurrency;
    private final PrintStream progress;

    /**
     * @param rate        events per second (0: as fast as ingest answers)
     * @param slice       simulated time posted together
     * @param concurrency devices posting at once
     */
    public TelemetrySender(IngestClient ingest, Tokens tokens, Accounting accounting, double rate, Duration slice,
                           int concurrency, PrintStream progress) {
        this.ingest = ingest;
        this.tokens = tokens;
        this.accounting = accounting;
        this.rate = rate;
        this.slice = slice;
        this.concurrency = concurrency;
        this.progress = progress;
    }

    public static Instant timeOf(DeviceEvent event) {
        if (event instanceof InferenceEvent e) {
            return e.occurredAt();
        } else if (event instanceof OutcomeEvent e) {
            return e.observedAt();
        } else if (event instanceof UsageEvent e) {
            return e.occurredAt();
        }
        return ((FeedbackEvent) event).reportedAt();
    }

    /** Sends everything; returns normally once every event had its answer, or throws on a request that failed for good. */
    public void send(Iterator<DeviceEvent> events, Map<String, String> manufacturerOf, Timeline timeline)
            throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency));
        try {
            Map<String, List<DeviceEvent>> buffers = new LinkedHashMap<>();
            long started = System.nanoTime();
            long lastReport = started;
            long sent = 0;
            Instant sliceEnd = null;
            int buffered = 0;
            while (events.hasNext()) {
                DeviceEvent event = events.next();
                Instant time = timeOf(event);
                if (sliceEnd == null) {
                    sliceEnd = time.plus(slice);
                }
                List<DeviceEvent> buffer = buffers.computeIfAbsent(event.deviceId(), k -> new ArrayList<>());
                if (!time.isBefore(sliceEnd) || buffer.size() == IngestClient.MAX_BATCH) {
                    flush(buffers, manufacturerOf, pool);
                    sent += buffered;
                    buffered = 0;
                    sliceEnd = time.plus(slice);
                    pace(started, sent);
                    if (System.nanoTime() - lastReport > 2_000_000_000L) {
                        lastReport = System.nanoTime();
                        report(started, sent, time, timeline);
                    }
                    buffer = buffers.computeIfAbsent(event.deviceId(), k -> new ArrayList<>());
                }
                buffer.add(event);
                buffered++;
            }
            flush(buffers, manufacturerOf, pool);
            sent += buffered;
            report(started, sent, timeline.end(), timeline);
        } finally {
            pool.shutdownNow();
        }
    }

    private void flush(Map<String, List<DeviceEvent>> buffers, Map<String, String> manufacturerOf, ExecutorService pool)
            throws IOException, InterruptedException {
        List<Future<Void>> posts = new ArrayList<>();
        for (Map.Entry<String, List<DeviceEvent>> e : buffers.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            List<DeviceEvent> batch = List.copyOf(e.getValue());
            e.getValue().clear();
            String deviceId = e.getKey();
            posts.add(pool.submit(() -> {
                IngestClient.BatchResult result = ingest.send(batch, tokens.device(deviceId, manufacturerOf.get(deviceId)));
                accounting.record(batch, result);
                return null;
            }));
        }
        for (Future<Void> post : posts) {
            try {
                post.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private void pace(long started, long sent) throws InterruptedException {
        if (rate <= 0) {
            return;
        }
        long due = started + (long) (sent / rate * 1e9);
        long ahead = due - System.nanoTime();
        if (ahead > 0) {
            Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
        }
    }

    private void report(long started, long sent, Instant simulated, Timeline timeline) {
        double seconds = (System.nanoTime() - started) / 1e9;
        Accounting.Counts total = accounting.total();
        long day = Math.min(timeline.days(), Duration.between(timeline.start(), simulated).toDays() + 1);
        progress.printf("[%6.1f s] day %2d/%d  %s  sent %,d (%,.0f ev/s)  accepted %,d  duplicates %,d  rejected %,d%n",
                seconds, day, timeline.days(), simulated.truncatedTo(java.time.temporal.ChronoUnit.MINUTES), sent,
                seconds > 0 ? sent / seconds : 0, total.accepted() + total.acceptedOrDuplicate(), total.duplicates(),
                total.rejected());
    }
}
