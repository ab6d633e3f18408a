package org.vigie.alert.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.vigie.alert.config.AlertSettings;
import org.vigie.alert.domain.AlertFingerprint;
import org.vigie.alert.domain.SeverityEvidence;
import org.vigie.alert.domain.SeverityRule;
import org.vigie.alert.domain.SignalTriage.Finding;
import org.vigie.alert.domain.regulatory.OverdueObligation;
import org.vigie.alert.store.AlertRecord;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.AlertStatus;
import org.vigie.contracts.events.Harm;

/**
 * Counts overdue reporting obligations of live alerts (the gauge) and escalates each one, once, as an
 * OBLIGATION_OVERDUE alert on the same device. "Once" comes from the intake's idempotency: the escalation's
 * message id is derived from the alert and the obligation.
 */
@ApplicationScoped
public class ObligationWatch {

    private static final Logger LOG = Logger.getLogger(ObligationWatch.class);

    private final AlertDocuments documents;
    private final AlertIntake intake;
    private final AlertMetrics metrics;
    private final SeverityRule rule;
    private final AlertSettings settings;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public ObligationWatch(AlertDocuments documents, AlertIntake intake, AlertMetrics metrics, SeverityRule rule,
                           AlertSettings settings, Clock clock) {
        this.documents = documents;
        this.intake = intake;
        this.metrics = metrics;
        this.rule = rule;
        this.settings = settings;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigie-obligation-watch");
            t.setDaemon(true);
            return t;
        });
        long every = settings.obligations().checkInterval().toMillis();
        timer.scheduleWithFixedDelay(this::checkSafely, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void checkSafely() {
        try {
            check();
        } catch (Throwable e) {
            LOG.warnf("overdue-obligation check failed: %s", e.toString());
        }
    }

    /** One check: count, then escalate what is newly overdue. */
    public void check() throws Throwable {
        List<AlertRecord> live = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> AlertRecord.<AlertRecord>list("status <> ?1 and kind <> ?2", AlertStatus.RESOLVED.name(),
                        AlertKind.OBLIGATION_OVERDUE.name())));
        Instant now = clock.instant();
        List<Occurrence> escalations = new ArrayList<>();
        for (AlertRecord a : live) {
            for (OverdueObligation o : documents.assess(a).overdue(now)) {
                escalations.add(escalation(a, o));
            }
        }
        metrics.overdueObligations(escalations.size());
        if (!escalations.isEmpty()) {
            VertxContextSupport.subscribeAndAwait(() -> intake.record(escalations));
        }
    }

    private Occurrence escalation(AlertRecord a, OverdueObligation overdue) {
        String key = overdue.obligation().key();
        UUID messageId = UUID.nameUUIDFromBytes(("overdue:" + a.alertId + ":" + key).getBytes(StandardCharsets.UTF_8));
        AlertFingerprint fingerprint = AlertFingerprint.ofSignal(a.deviceId, a.modelVersion,
                AlertKind.OBLIGATION_OVERDUE, "obligation", a.alertId + ":" + key);
        Finding finding = new Finding(fingerprint, AlertKind.OBLIGATION_OVERDUE,
                rule.assess(SeverityEvidence.signal(AlertKind.OBLIGATION_OVERDUE, 0)), Harm.NONE, null,
                "Overdue: " + overdue.obligation().regulation().name() + " " + overdue.obligation().article()
                        + " report to " + overdue.obligation().recipient().code() + " for alert " + a.alertId,
                overdue.obligation().dueBy());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("alertId", a.alertId.toString());
        evidence.put("obligation", key);
        evidence.put("article", overdue.obligation().article());
        evidence.put("dueBy", overdue.obligation().dueBy().toString());
        return new Occurrence(messageId, "obligation-watch", a.deviceId, a.modelVersion, "overdue:" + key,
                finding, evidence);
    }
}
