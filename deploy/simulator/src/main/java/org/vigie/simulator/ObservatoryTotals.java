package org.vigie.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.json.VigieJson;

/**
 * Checks that the observatory counted every event the simulator had accepted: national inferences and recorded
 * decisions over the span, read as admin (exact counts, no suppression), against ingest's accepted counts. The
 * observatory catches up asynchronously, so the check waits until the counts match or the time is up; a count
 * above the sent one fails at once (an event counted twice).
 */
final class ObservatoryTotals {

    private static final ObjectMapper JSON = VigieJson.mapper();

    private ObservatoryTotals() {
    }

    /** Counts the observatory shows for the span. */
    record Totals(long inferences, long decisions) {
    }

    static boolean check(URI observatory, String adminToken, Timeline timeline, Accounting accounting, Duration wait,
                         PrintStream out) throws IOException, InterruptedException {
        long inferences = expected(accounting.of(InferenceEvent.TYPE));
        long decisions = expected(accounting.of(UsageEvent.TYPE));
        Instant deadline = Instant.now().plus(wait);
        HttpClient http = HttpClient.newHttpClient();
        Totals seen = readOrRetry(http, observatory, adminToken, timeline, deadline);
        while (Instant.now().isBefore(deadline) && (seen.inferences() < inferences || seen.decisions() < decisions)
                && seen.inferences() <= inferences && seen.decisions() <= decisions) {
            Thread.sleep(2000);
            seen = readOrRetry(http, observatory, adminToken, timeline, deadline);
        }
        boolean ok = seen.inferences() == inferences && seen.decisions() == decisions;
        out.printf("observatory totals (exact, as admin): inferences %d of %d accepted, decisions %d of %d accepted — %s%n",
                seen.inferences(), inferences, seen.decisions(), decisions, ok ? "equal" : "MISMATCH");
        return ok;
    }

    /** Accepted by ingest in this run, or accepted before (a replay): either way exactly once in the rollups. */
    private static long expected(Accounting.Counts counts) {
        return counts.accepted() + counts.duplicates() + counts.acceptedOrDuplicate();
    }

    /** A read, retried while the observatory is briefly unavailable (503, a restart) until the deadline. */
    private static Totals readOrRetry(HttpClient http, URI observatory, String adminToken, Timeline timeline,
                                      Instant deadline) throws IOException, InterruptedException {
        while (true) {
            try {
                return read(http, observatory, adminToken, timeline);
            } catch (IOException e) {
                if (!Instant.now().isBefore(deadline)) {
                    throw e;
                }
                Thread.sleep(2000);
            }
        }
    }

    static Totals read(HttpClient http, URI observatory, String adminToken, Timeline timeline)
            throws IOException, InterruptedException {
        Instant from = timeline.start().truncatedTo(ChronoUnit.DAYS);
        Instant to = timeline.end().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        long inferences = 0;
        long decisions = 0;
        int page = 0;
        long rows;
        do {
            URI uri = observatory.resolve("/v1/usage?interval=day&size=100&page=" + page + "&from=" + from + "&to=" + to);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + adminToken).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("observatory answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode answer = JSON.readTree(response.body());
            for (JsonNode row : answer.path("rows")) {
                inferences += row.path("inferences").asLong();
                decisions += row.path("decisions").asLong();
            }
            rows = answer.path("totalRows").asLong();
            page++;
        } while ((long) page * 100 < rows);
        return new Totals(inferences, decisions);
    }
}
