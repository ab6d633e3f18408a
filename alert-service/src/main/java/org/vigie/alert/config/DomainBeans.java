package org.vigie.alert.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.vigie.alert.domain.SeverityRule;
import org.vigie.alert.domain.audit.AuditChain;
import org.vigie.alert.domain.delivery.CallbackUrlPolicy;
import org.vigie.alert.domain.delivery.EndpointCircuitBreakers;
import org.vigie.alert.domain.delivery.HostResolver;
import org.vigie.alert.domain.delivery.RetrySchedule;
import org.vigie.alert.domain.delivery.WebhookSignature;
import org.vigie.alert.domain.regulatory.CompetentAuthorities;
import org.vigie.alert.domain.regulatory.RegulatoryObligations;
import org.vigie.alert.domain.regulatory.ReportingPolicy;

/** Wires the plain-Java domain rules with their configuration. */
@ApplicationScoped
public class DomainBeans {

    @Produces
    @ApplicationScoped
    Clock clock() {
        // Microseconds, as PostgreSQL stores instants: what a revision publishes equals what later ones read back.
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    @Produces
    @ApplicationScoped
    RegulatoryObligations obligations(AlertSettings settings) {
        return new RegulatoryObligations(CompetentAuthorities.defaults(),
                ReportingPolicy.defaults().withTrendReportDays(settings.obligations().trendReportDays()));
    }

    @Produces
    @ApplicationScoped
    SeverityRule severityRule() {
        return SeverityRule.defaults();
    }

    @Produces
    @ApplicationScoped
    AuditChain auditChain(Clock clock) {
        return new AuditChain(clock);
    }

    @Produces
    @ApplicationScoped
    CallbackUrlPolicy callbackUrlPolicy(AlertSettings settings) {
        return new CallbackUrlPolicy(settings.delivery().allowList().orElse(List.of()),
                settings.delivery().allowLoopback(), HostResolver.system());
    }

    @Produces
    @ApplicationScoped
    RetrySchedule retrySchedule(AlertSettings settings) {
        AlertSettings.Delivery d = settings.delivery();
        return new RetrySchedule(d.retryBase(), d.retryCap(), d.retryHorizon(), d.retryMinimum(), new SecureRandom());
    }

    @Produces
    @ApplicationScoped
    EndpointCircuitBreakers circuitBreakers(AlertSettings settings, Clock clock) {
        return new EndpointCircuitBreakers(clock, settings.delivery().breakerFailureThreshold(),
                settings.delivery().breakerOpenDuration());
    }

    @Produces
    @ApplicationScoped
    WebhookSignature webhookSignature(Clock clock) {
        return new WebhookSignature(clock);
    }
}
