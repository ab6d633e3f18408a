package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.Harm;
import org.vigie.contracts.events.ReporterRole;
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.security.Roles;

/**
 * One OpenTelemetry trace from a device's POST to the webhook delivery, across the services as real processes
 * exporting OTLP/HTTP to a receiver in this JVM. The device starts the trace (its own {@code traceparent}); ingest
 * continues it and carries it in the Kafka record's headers; alert-service continues it when it turns the field
 * report into an alert, keeps it with the delivery in its outbox, and continues it again when the worker posts the
 * webhook, whose request carries it to the subscriber. (A drift signal is drawn from thousands of events and
 * starts its own trace; the field report is the path one event takes end to end.)
 */
class TraceIT {

    private static final OtlpReceiver OTLP = open();
    private static final LocalPlatform PLATFORM = new LocalPlatform("vigie-trace-it", 3500)
            .with("OTEL_EXPORTER_OTLP_ENDPOINT", OTLP.endpoint())
            .with("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .with("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");

    private static OtlpReceiver open() {
        try {
            return new OtlpReceiver();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void down() throws IOException {
        PLATFORM.down();
        OTLP.close();
    }

    @Test
    void a_field_reports_trace_runs_from_the_devices_post_to_the_webhook() throws Exception {
        LocalPlatform.Result up = PLATFORM.fresh().run(Duration.ofMinutes(6), "up");
        assertThat(up.exitCode()).as(up.output()).isZero();

        Tokens.LocalKey tokens = new Tokens.LocalKey(PLATFORM.home().resolve("keys/private.pem"), Roles.DEFAULT_ISSUER);
        URI ingest = URI.create("http://127.0.0.1:" + PLATFORM.port(8081) + "/");
        URI alert = URI.create("http://127.0.0.1:" + PLATFORM.port(8083));
        Fleet fleet = Fleet.create(42);
        DeviceProfile triage = fleet.device(DeviceCatalogue.TRIAGE_ED);
        new IngestClient(ingest, Duration.ofMinutes(2)).register(triage.registration(), tokens.manufacturer(triage.manufacturerId()));

        try (WebhookReceiver receiver = new WebhookReceiver(PLATFORM.port(8099), Clock.systemUTC(), d -> { })) {
            receiver.secret(Demo.subscribe(alert, tokens.sign(Roles.ADMIN, "trace-it", Map.of()), receiver.url()));

            SplittableRandom random = new SplittableRandom();
            String traceId = HexFormat.of().formatHex(longs(random.nextLong(), random.nextLong()));
            String deviceSpanId = HexFormat.of().formatHex(longs(random.nextLong()));
            Site site = fleet.deployment(triage.deviceId()).busiestSite();
            FeedbackEvent report = new FeedbackEvent(FeedbackEvent.TYPE, 1, UUID.randomUUID(), triage.deviceId(),
                    triage.modelVersion(), site.finess(), site.region().inseeCode(), Instant.now().minusSeconds(5),
                    ReporterRole.PHYSICIAN, FeedbackCategory.WRONG_OUTPUT, Harm.SERIOUS,
                    "Low acuity score for a patient with sepsis criteria; escalated by the nurse.", List.of("A0901"));
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(ingest.resolve("v1/events"))
                    .header("Authorization", "Bearer " + tokens.device(triage.deviceId(), triage.manufacturerId()))
                    .header("Content-Type", "application/json")
                    .header("traceparent", "00-" + traceId + "-" + deviceSpanId + "-01")
                    .POST(HttpRequest.BodyPublishers.ofString(VigieJson.mapper().writeValueAsString(List.of(report))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

            await(Duration.ofMinutes(3), () -> receiver.deliveries().stream()
                    .anyMatch(d -> report.eventId().toString().equals(d.alert().path("evidence").path("eventId").asText())));
            WebhookReceiver.Delivery delivery = receiver.deliveries().stream()
                    .filter(d -> report.eventId().toString().equals(d.alert().path("evidence").path("eventId").asText()))
                    .findFirst().orElseThrow();
            assertThat(delivery.traceparent()).as("the webhook request's traceparent").isNotNull()
                    .startsWith("00-" + traceId + "-");

            // alert-service's delivery span, whose id the webhook request carried as its parent. Each service
            // exports in batches and a parent span ends (and is exported) after its children: wait for the whole
            // trace, i.e. the delivery span and every span's parent, before asserting on it.
            String webhookParent = delivery.traceparent().split("-")[2];
            try {
                await(Duration.ofSeconds(60), () -> complete(OTLP.trace(traceId), webhookParent, deviceSpanId));
            } catch (AssertionError late) {
                // fall through: the assertions below say which span is missing
            }
            List<OtlpReceiver.ReceivedSpan> trace = OTLP.trace(traceId);
            // ingest's server span is the child of the device's span: the trace the device started.
            assertThat(trace).anyMatch(s -> s.service().equals("ingest-service") && s.kind().equals("SPAN_KIND_SERVER")
                    && s.parentSpanId().equals(deviceSpanId));
            assertThat(trace).anyMatch(s -> s.service().equals("alert-service") && s.spanId().equals(webhookParent));
            // Every span of the trace hangs from another span of it, or from the device's.
            List<String> ids = trace.stream().map(OtlpReceiver.ReceivedSpan::spanId).toList();
            assertThat(trace).allSatisfy(s -> assertThat(ids.contains(s.parentSpanId()) || s.parentSpanId().equals(deviceSpanId))
                    .as("%s of %s has its parent in the trace", s.name(), s.service()).isTrue());
        }
    }

    private static boolean complete(List<OtlpReceiver.ReceivedSpan> trace, String webhookParent, String deviceSpanId) {
        List<String> ids = trace.stream().map(OtlpReceiver.ReceivedSpan::spanId).toList();
        return trace.stream().anyMatch(s -> s.service().equals("alert-service") && s.spanId().equals(webhookParent))
                && trace.stream().allMatch(s -> ids.contains(s.parentSpanId()) || s.parentSpanId().equals(deviceSpanId));
    }

    private static byte[] longs(long... values) {
        byte[] bytes = new byte[8 * values.length];
        for (int i = 0; i < values.length; i++) {
            for (int b = 0; b < 8; b++) {
                bytes[8 * i + b] = (byte) (values[i] >>> (56 - 8 * b));
            }
        }
        return bytes;
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout);
            }
            Thread.sleep(500);
        }
    }
}
