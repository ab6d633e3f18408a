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
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
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
import org.vigie.alert.store.DeliveryRecord;
import org.vigie.alert.store.OutboxEvent;
import org.vigie.alert.store.SubscriptionRecord;
import org.vigie.contracts.events.AlertDelivery;
import org.vigie.contracts.events.DeliveryStatus;
import org.vigie.contracts.events.VigieEvent;
import org.vigie.contracts.topics.Topics;

/**
 * Delivers the webhook outbox, continuously while there is work. Each pass records the outcomes that came back
 * since the last pass, then leases, for every subscription whose head delivery is due and not in flight, the run
 * of its oldest pending deliveries (up to {@code per-subscription}) and starts posting them: one subscription's
 * run goes out one request after the other, in order, stopping at the first that does not succeed (the rest of the
 * run is released untried, so a later delivery never overtakes an earlier one); different subscriptions' runs go
 * out concurrently and independently, so a slow endpoint holds up only its own subscriptions. A finished run wakes
 * the loop at once, as does a commit that wrote new deliveries; otherwise it polls.
 *
 * <p>Each outcome is recorded (in batches, one transaction and one audit append per pass): delivered, retried
 * later (backoff with jitter), dead-lettered after the retry horizon, or deferred while the endpoint's circuit is
 * open. A lease expires, so deliveries leased by a worker that died are taken again: a receiver may see a delivery
 * twice, never zero times, and dedups by Vigie-Delivery-Id. A run stops starting requests well before its lease
 * ends (see {@link #runBudget()}).
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final String PENDING_STATES = "('PENDING', 'RETRYING')";

    /**
     * For every subscription, its pending deliveries in order, numbered from 1, and whether each is ready (due and
     * not leased); a subscription's run is its ready deliveries before the first one that is not, at most
     * {@code :run} of them. Rows another transaction is leasing right now are skipped (SKIP LOCKED), so the caller
     * keeps a run only if it starts at number 1 and has no gap ({@link #runs}).
     */
    static final String LEASE_SQL = """
            with pending as (
                select p.seq, p.subscription_id,
                       p.next_attempt_at <= :now and (p.leased_until is null or p.leased_until < :now) as ready,
                       row_number() over (partition by p.subscription_id order by p.seq) as position
                from alert.delivery p where p.status in %1$s
            ), blocked as (
                select subscription_id, min(position) as position from pending where not ready group by subscription_id
            )
            select d.seq, d.subscription_id, p.position
            from alert.delivery d
            join pending p on p.seq = d.seq
            left join blocked b on b.subscription_id = p.subscription_id
            where p.ready and p.position <= :run and (b.position is null or p.position < b.position)
            order by d.seq
            limit :limit
            for update of d skip locked""".formatted(PENDING_STATES);

    /** What one attempt came to; {@code released}: leased but not tried (an earlier one in its run did not succeed). */
    record Attempt(DeliveryRecord delivery, boolean success, boolean deferred, boolean released, Integer httpStatus,
                   String error, Instant deferUntil) {

        static Attempt released(DeliveryRecord d) {
            return new Attempt(d, false, false, true, null, null, null);
        }

        static Attempt failed(DeliveryRecord d, Integer httpStatus, String error) {
            return new Attempt(d, false, false, false, httpStatus, error, null);
        }
    }

    /** One subscription's leased run, oldest first. */
    record Run(SubscriptionRecord subscription, List<DeliveryRecord> deliveries) {
    }

    /** A leased row as the lease query numbers it. */
    record Candidate(long seq, UUID subscriptionId, long position) {
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
    private final DeliveryTracing tracing;
    /** Outcomes of finished runs, waiting for the loop to record them. */
    private final Queue<Attempt> finished = new ConcurrentLinkedQueue<>();
    /** Bumped by every stop: runs started before it are abandoned (their leases expire), as after a crash. */
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean running;
    private Thread thread;

    public DeliveryWorker(AlertSettings settings, CallbackUrlPolicy urlPolicy, EndpointCircuitBreakers breakers,
                          RetrySchedule retries, WebhookSignature signature, AuditTrail audit,
                          RevisionPublisher publisher, AlertDocuments documents, AlertMetrics metrics,
                          OutboxSignals signals, Clock clock, Vertx vertx, DeliveryTracing tracing) {
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
        this.tracing = tracing;
        // Traced by DeliveryTracing, in the trace of the alert's cause: Vert.x must not start traces of its own.
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setTracingPolicy(io.vertx.core.tracing.TracingPolicy.IGNORE)
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
        long current = generation.get();
        thread = new Thread(() -> run(current), "vigie-delivery-worker");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the loop where it stands: runs in flight are abandoned, their outcomes never recorded and their leases
     * left to expire, as after a crash. Returns once the loop thread has ended.
     */
    public synchronized void stop() {
        running = false;
        generation.incrementAndGet();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        finished.clear();
    }

    public boolean isRunning() {
        return running;
    }

    private void run(long runGeneration) {
        List<Attempt> unrecorded = new ArrayList<>();
        while (running) {
            try {
                for (Attempt a; (a = finished.poll()) != null; ) {
                    unrecorded.add(a);
                }
                boolean recorded = !unrecorded.isEmpty();
                if (recorded) {
                    List<Attempt> outcomes = List.copyOf(unrecorded);
                    VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> record(outcomes)));
                    unrecorded.clear();
                    signals.events().ring();
                }
                List<Run> runs = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::lease));
                runs.forEach(r -> send(r, runGeneration));
                if (!recorded && runs.isEmpty()) {
                    signals.deliveries().await(settings.delivery().pollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                if (!running || Thread.currentThread().isInterrupted()) {
                    return;
                }
                LOG.warnf("delivery pass failed, will retry: %s", e.toString());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Leases the next run of every ready subscription. */
    private Uni<List<Run>> lease() {
        Instant now = clock.instant();
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(LEASE_SQL, Object[].class)
                        .setParameter("now", now)
                        .setParameter("run", settings.delivery().perSubscription())
                        .setParameter("limit", settings.delivery().batchSize())
                        .getResultList())
                .chain(tuples -> {
                    List<Candidate> candidates = tuples.stream().map(t -> new Candidate(((Number) t[0]).longValue(),
                            t[1] instanceof UUID id ? id : UUID.fromString(t[1].toString()),
                            ((Number) t[2]).longValue())).toList();
                    Map<UUID, List<Long>> bySubscription = runs(candidates);
                    if (bySubscription.isEmpty()) {
                        return Uni.createFrom().item(List.<Run>of());
                    }
                    List<Long> seqs = bySubscription.values().stream().flatMap(List::stream).toList();
                    Instant until = now.plus(settings.delivery().lease());
                    return DeliveryRecord.<DeliveryRecord>list("seq in ?1 order by seq", seqs)
                            .chain(rows -> SubscriptionRecord.<SubscriptionRecord>list("subscriptionId in ?1",
                                    bySubscription.keySet()).map(subs -> {
                                Map<UUID, SubscriptionRecord> subById = new HashMap<>();
                                subs.forEach(sub -> subById.put(sub.subscriptionId, sub));
                                Map<UUID, List<DeliveryRecord>> grouped = new LinkedHashMap<>();
                                for (DeliveryRecord d : rows) {
                                    d.leasedUntil = until;
                                    grouped.computeIfAbsent(d.subscriptionId, k -> new ArrayList<>()).add(d);
                                }
                                List<Run> out = new ArrayList<>(grouped.size());
                                grouped.forEach((id, ds) -> out.add(new Run(subById.get(id), ds)));
                                return out;
                            }));
                });
    }

    /**
     * Keeps, per subscription, the rows numbered 1, 2, 3… without a gap: a run that does not start at the
     * subscription's oldest pending delivery, or has a hole where another transaction holds a row, is not taken
     * (its rows are left for the next pass). Pure, for tests.
     */
    static Map<UUID, List<Long>> runs(List<Candidate> candidates) {
        Map<UUID, List<Candidate>> grouped = new LinkedHashMap<>();
        candidates.stream().sorted(java.util.Comparator.comparingLong(Candidate::seq))
                .forEach(c -> grouped.computeIfAbsent(c.subscriptionId(), k -> new ArrayList<>()).add(c));
        Map<UUID, List<Long>> out = new LinkedHashMap<>();
        grouped.forEach((subscription, rows) -> {
            List<Long> run = new ArrayList<>();
            for (Candidate c : rows) {
                if (c.position() != run.size() + 1) {
                    break;
                }
                run.add(c.seq());
            }
            if (!run.isEmpty()) {
                out.put(subscription, run);
            }
        });
        return out;
    }

    /**
     * Stops starting requests this long after the lease: the last request (bounded by the request timeout) then
     * ends, and its outcome is recorded, before the lease runs out and another worker could take the row.
     */
    private Duration runBudget() {
        Duration lease = settings.delivery().lease();
        Duration budget = lease.minus(settings.delivery().requestTimeout().multipliedBy(2));
        return budget.compareTo(lease.dividedBy(4)) > 0 ? budget : lease.dividedBy(4);
    }

    /** Posts one subscription's run in order, on the event loop; its outcomes go to {@link #finished}. */
    private void send(Run run, long runGeneration) {
        List<DeliveryRecord> deliveries = run.deliveries();
        SubscriptionRecord s = run.subscription();
        if (s == null) {
            settle(runGeneration, deliveries, 0, List.of(Attempt.failed(deliveries.get(0), null,
                    "subscription deleted")));
            return;
        }
        // Checked again at delivery time: DNS may have changed since the subscription was accepted (rebinding),
        // and the requests connect to the very address that was checked.
        CallbackUrlPolicy.Decision decision = urlPolicy.check(s.callbackUrl);
        if (!decision.allowed()) {
            settle(runGeneration, deliveries, 0, List.of(Attempt.failed(deliveries.get(0), null,
                    "callback refused: " + decision.reason())));
            return;
        }
        long deadline = System.nanoTime() + runBudget().toNanos();
        List<Attempt> outcomes = new ArrayList<>(deliveries.size());
        next(s, decision, deliveries, outcomes, deadline, runGeneration)
                .subscribe().with(done -> settle(runGeneration, deliveries, outcomes.size(), outcomes),
                        failure -> settle(runGeneration, deliveries, outcomes.size(), outcomes));
    }

    private Uni<Void> next(SubscriptionRecord s, CallbackUrlPolicy.Decision decision, List<DeliveryRecord> deliveries,
                           List<Attempt> outcomes, long deadline, long runGeneration) {
        int i = outcomes.size();
        if (i == deliveries.size() || generation.get() != runGeneration || System.nanoTime() > deadline) {
            return Uni.createFrom().voidItem();
        }
        return attempt(deliveries.get(i), s, decision).chain(a -> {
            outcomes.add(a);
            return a.success() ? next(s, decision, deliveries, outcomes, deadline, runGeneration)
                    : Uni.createFrom().voidItem();
        });
    }

    /** Hands a run's outcomes, and its untried rest as released, to the loop, unless the run was abandoned. */
    private void settle(long runGeneration, List<DeliveryRecord> deliveries, int tried, List<Attempt> outcomes) {
        if (generation.get() != runGeneration) {
            return;
        }
        finished.addAll(outcomes);
        for (int i = tried; i < deliveries.size(); i++) {
            finished.add(Attempt.released(deliveries.get(i)));
        }
        signals.deliveries().ring();
    }

    private Uni<Attempt> attempt(DeliveryRecord d, SubscriptionRecord s, CallbackUrlPolicy.Decision decision) {
        URI uri = decision.uri();
        CircuitBreaker breaker = breakers.forEndpoint(uri);
        if (!breaker.tryAcquire()) {
            return Uni.createFrom().item(new Attempt(d, false, true, false, null, "circuit open",
                    breaker.retryAfter()));
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
        DeliveryTracing.Traced traced = tracing.start(d, uri.getHost());
        traced.headers().forEach(options::putHeader);
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
                    traced.ended(status, ok ? null : "HTTP " + status);
                    return ok ? new Attempt(d, true, false, false, status, null, null)
                            : Attempt.failed(d, status, "HTTP " + status);
                })
                .onFailure().recoverWithItem(e -> {
                    breaker.recordFailure();
                    traced.ended(null, e.getClass().getSimpleName());
                    return Attempt.failed(d, null, e.getClass().getSimpleName());
                });
    }

    private Uni<Void> record(List<Attempt> outcomes) {
        Instant now = clock.instant();
        List<Long> seqs = outcomes.stream().map(a -> a.delivery().seq).toList();
        Map<Long, Attempt> bySeq = new LinkedHashMap<>();
        outcomes.forEach(a -> bySeq.put(a.delivery().seq, a));
        return DeliveryRecord.<DeliveryRecord>list("seq in ?1 order by seq", seqs).chain(rows -> {
            List<OutboxEvent> events = new ArrayList<>();
            List<AuditTrail.Pending> entries = new ArrayList<>();
            for (DeliveryRecord d : rows) {
                Attempt a = bySeq.get(d.seq);
                d.leasedUntil = null;
                if (a.released()) {
                    continue;
                }
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
            return OutboxEvent.insertAll(events)
                    .chain(() -> audit.append(entries));
        });
    }

    public static AlertDelivery outcome(DeliveryRecord d, Instant at) {
        return new AlertDelivery(VigieEvent.CURRENT_SCHEMA_VERSION, d.deliveryId, d.alertId, d.alertRevision,
                d.subscriptionId, d.attempts, DeliveryStatus.valueOf(d.status), d.lastHttpStatus, d.lastError, at);
    }
}
