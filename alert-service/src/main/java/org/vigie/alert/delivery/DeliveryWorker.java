package org.vigie.alert.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.vigie.alert.config.AlertSettings;
import org.vigie.alert.domain.delivery.CallbackUrlPolicy;
import org.vigie.alert.domain.delivery.CircuitBreaker;
import org.vigie.alert.domain.delivery.EndpointCircuitBreakers;
import org.vigie.alert.domain.delivery.RetryDecision;
import org.vigie.alert.domain.delivery.RetrySchedule;
import org.vigie.alert.domain.delivery.WebhookSignature;
import org.vigie.alert.service.AlertDocuments;
import org.vigie.alert.service.AlertIntake;
import org.vigie.alert.service.AlertMetrics;
import org.vigie.alert.service.AuditTrail;
import org.vigie.alert.service.OutboxSignals;
import org.vigie.alert.service.RevisionPublisher;
import org.vigie.alert.store.Rows;
import org.vigie.alert.store.DeliveryRecord;
import org.vigie.alert.store.SubscriptionRecord;
import org.vigie.contracts.events.AlertDelivery;
import org.vigie.contracts.events.DeliveryStatus;
import org.vigie.contracts.events.VigieEvent;
import org.vigie.contracts.topics.Topics;

/**
 * Delivers the webhook outbox. Each round leases the oldest pending delivery of every subscription (so each
 * subscription's deliveries go out one at a time, in order), posts them concurrently, and records each outcome:
 * delivered, retried later (backoff with jitter), dead-lettered after the retry horizon, or deferred while the
 * endpoint's circuit is open. A lease expires, so deliveries leased by a worker that died are taken again: a
 * receiver may see a delivery twice, never zero times, and dedups by Vigie-Delivery-Id.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final String PENDING_STATES = "('PENDING', 'RETRYING')";

    /** What one attempt came to. */
    record Attempt(DeliveryRecord delivery, boolean success, boolean deferred, Integer httpStatus, String error,
                   Instant deferUntil) {
    }

    private record Leased(DeliveryRecord delivery, SubscriptionRecord subscription) {
    }

    private final AlertSettings settings;
    private final CallbackUrlPolicy urlPolicy;
    private final EndpointCircuitBreakers breakers;
    private final RetrySchedule retries;
    private final WebhookSignature signature;
    private final AuditTrail audit;
    private final RevisionPublisher publisher;
    private final AlertDocuments documents;
    private final AlertMetrics metrics;
    private final OutboxSignals signals;
    private final Clock clock;
    private final HttpClient http;
    private volatile boolean running;
    private Thread thread;

    public DeliveryWorker(AlertSettings settings, CallbackUrlPolicy urlPolicy, EndpointCircuitBreakers breakers,
                          RetrySchedule retries, WebhookSignature signature, AuditTrail audit,
                          RevisionPublisher publisher, AlertDocuments documents, AlertMetrics metrics,
                          OutboxSignals signals, Clock clock, Vertx vertx) {
        this.settings = settings;
        this.urlPolicy = urlPolicy;
        this.breakers = breakers;
        this.retries = retries;
        this.signature = signature;
        this.audit = audit;
        this.publisher = publisher;
        this.documents = documents;
        this.metrics = metrics;
        this.signals = signals;
        this.clock = clock;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) settings.delivery().requestTimeout().toMillis())
                .setMaxPoolSize(settings.delivery().connectionsPerEndpoint())
                .setKeepAlive(true));
    }

    void onStart(@Observes StartupEvent event) {
        if (settings.delivery().enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the worker loop (idempotent). */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "vigie-delivery-worker");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the loop where it stands: a round in flight is abandoned, its leases left to expire, as after a
     * crash. Returns once the loop thread has ended.
     */
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                List<Leased> leased = VertxContextSupport.subscribeAndAwait(
                        () -> Panache.withTransaction(this::lease));
                if (leased.isEmpty()) {
                    signals.deliveries().await(settings.delivery().pollInterval());
                    continue;
                }
                List<Uni<Attempt>> attempts = new ArrayList<>();
                for (Leased l : leased) {
                    attempts.add(attempt(l));
                }
                List<Attempt> outcomes = Uni.join().all(attempts).andCollectFailures()
                        .await().atMost(settings.delivery().requestTimeout().multipliedBy(2));
                if (!running) {
                    return;
                }
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> record(outcomes)));
                signals.events().ring();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                if (!running || Thread.currentThread().isInterrupted()) {
                    return;
                }
                LOG.warnf("delivery round failed, will retry: %s", e.toString());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private Uni<List<Leased>> lease() {
        Instant now = clock.instant();
        String sql = "select d.* from alert.delivery d where d.status in " + PENDING_STATES
                + " and d.next_attempt_at <= :now and (d.leased_until is null or d.leased_until < :now)"
                + " and not exists (select 1 from alert.delivery e where e.subscription_id = d.subscription_id"
                + " and e.status in " + PENDING_STATES + " and e.seq < d.seq)"
                + " order by d.seq limit " + settings.delivery().batchSize() + " for update skip locked";
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(sql, DeliveryRecord.class).setParameter("now", now).getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(List.<Leased>of());
                    }
                    Instant until = now.plus(settings.delivery().lease());
                    rows.forEach(d -> d.leasedUntil = until);
                    List<UUID> ids = rows.stream().map(d -> d.subscriptionId).distinct().toList();
                    return SubscriptionRecord.<SubscriptionRecord>list("subscriptionId in ?1", ids).map(subs -> {
                        Map<UUID, SubscriptionRecord> byId = new HashMap<>();
                        subs.forEach(s -> byId.put(s.subscriptionId, s));
                        return rows.stream().map(d -> new Leased(d, byId.get(d.subscriptionId))).toList();
                    });
                });
    }

    private Uni<Attempt> attempt(Leased leased) {
        DeliveryRecord d = leased.delivery();
        SubscriptionRecord s = leased.subscription();
        if (s == null) {
            return Uni.createFrom().item(new Attempt(d, false, false, null, "subscription deleted", null));
        }
        // Checked again at delivery time: DNS may have changed since the subscription was accepted (rebinding),
        // and the request connects to the very address that was checked.
        CallbackUrlPolicy.Decision decision = urlPolicy.check(s.callbackUrl);
        if (!decision.allowed()) {
            return Uni.createFrom().item(new Attempt(d, false, false, null, "callback refused: " + decision.reason(),
                    null));
        }
        URI uri = decision.uri();
        CircuitBreaker breaker = breakers.forEndpoint(uri);
        if (!breaker.tryAcquire()) {
            return Uni.createFrom().item(new Attempt(d, false, true, null, "circuit open", breaker.retryAfter()));
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] body = d.payload.getBytes(StandardCharsets.UTF_8);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, decision.addresses().get(0).getHostAddress()))
                .setHost(uri.getHost())
                .setPort(port)
                .setSsl(https)
                .setURI(path)
                .setIdleTimeout(settings.delivery().requestTimeout().toMillis())
                .putHeader("Content-Type", "application/cloudevents+json; charset=utf-8")
                .putHeader(WebhookSignature.HEADER, signature.sign(s.secret, body))
                .putHeader(WebhookSignature.DELIVERY_ID_HEADER, d.deliveryId.toString())
                .putHeader("User-Agent", "Vigie-Webhooks/1");
        return http.request(options)
                .chain(request -> request.send(Buffer.buffer(body)))
                .chain(response -> response.body().map(ignored -> response.statusCode()))
                .ifNoItem().after(settings.delivery().requestTimeout()).fail()
                .map(status -> {
                    boolean ok = status >= 200 && status < 300;
                    if (ok) {
                        breaker.recordSuccess();
                    } else {
                        breaker.recordFailure();
                    }
                    return new Attempt(d, ok, false, status, ok ? null : "HTTP " + status, null);
                })
                .onFailure().recoverWithItem(e -> {
                    breaker.recordFailure();
                    return new Attempt(d, false, false, null, e.getClass().getSimpleName(), null);
                });
    }

    private Uni<Void> record(List<Attempt> outcomes) {
        Instant now = clock.instant();
        List<Long> seqs = outcomes.stream().map(a -> a.delivery().seq).toList();
        Map<Long, Attempt> bySeq = new LinkedHashMap<>();
        outcomes.forEach(a -> bySeq.put(a.delivery().seq, a));
        return DeliveryRecord.<DeliveryRecord>list("seq in ?1 order by seq", seqs).chain(rows -> {
            List<Object> events = new ArrayList<>();
            List<AuditTrail.Pending> entries = new ArrayList<>();
            for (DeliveryRecord d : rows) {
                Attempt a = bySeq.get(d.seq);
                d.leasedUntil = null;
                if (a.deferred()) {
                    d.nextAttemptAt = a.deferUntil() == null ? now.plusSeconds(1) : a.deferUntil();
                    metrics.delivery("deferred");
                    continue;
                }
                d.attempts++;
                if (d.firstAttemptAt == null) {
                    d.firstAttemptAt = now;
                }
                d.lastHttpStatus = a.httpStatus();
                d.lastError = a.error();
                if (a.success()) {
                    d.status = DeliveryStatus.DELIVERED.name();
                    d.deliveredAt = now;
                    metrics.delivery("delivered");
                    metrics.delivered(Duration.between(d.createdAt, now));
                } else {
                    RetryDecision next = retries.afterFailure(d.firstAttemptAt, d.attempts, now);
                    if (next instanceof RetryDecision.RetryAt retry) {
                        d.status = DeliveryStatus.RETRYING.name();
                        d.nextAttemptAt = retry.at();
                        metrics.delivery("retrying");
                    } else {
                        d.status = DeliveryStatus.DEAD_LETTERED.name();
                        d.lastError = a.error() + "; " + ((RetryDecision.DeadLetter) next).reason();
                        metrics.delivery("dead_lettered");
                    }
                }
                AlertDelivery outcome = outcome(d, now);
                events.add(publisher.event(Topics.ALERT_DELIVERIES.key(), d.subscriptionId,
                        documents.write(outcome), now));
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("deliveryId", d.deliveryId);
                details.put("alertId", d.alertId);
                details.put("revision", d.alertRevision);
                details.put("attempt", d.attempts);
                details.put("status", d.status);
                details.put("httpStatus", d.lastHttpStatus);
                entries.add(new AuditTrail.Pending(AlertIntake.SYSTEM, "delivery."
                        + d.status.toLowerCase(java.util.Locale.ROOT), "subscription:" + d.subscriptionId, details));
            }
            return Rows.persist(events)
                    .chain(() -> audit.append(entries));
        });
    }

    public static AlertDelivery outcome(DeliveryRecord d, Instant at) {
        return new AlertDelivery(VigieEvent.CURRENT_SCHEMA_VERSION, d.deliveryId, d.alertId, d.alertRevision,
                d.subscriptionId, d.attempts, DeliveryStatus.valueOf(d.status), d.lastHttpStatus, d.lastError, at);
    }
}
