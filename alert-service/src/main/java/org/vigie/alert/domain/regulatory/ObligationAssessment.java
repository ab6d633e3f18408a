package org.vigie.alert.domain.regulatory;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every obligation an alert starts, most urgent first, and the jurisdictions no rule covers (which the service
 * should surface rather than treat as "nothing to report").
 */
public record ObligationAssessment(List<Obligation> obligations, List<String> unmappedJurisdictions) {

    public ObligationAssessment {
        obligations = List.copyOf(obligations);
        unmappedJurisdictions = List.copyOf(unmappedJurisdictions);
    }

    public boolean isEmpty() {
        return obligations.isEmpty();
    }

    public Optional<Obligation> mostUrgent() {
        return obligations.stream().min(Comparator.comparing(Obligation::dueBy));
    }

    /** The obligations overdue at {@code now}, most overdue first. */
    public List<OverdueObligation> overdue(Instant now) {
        return obligations.stream()
                .filter(o -> o.isOverdue(now))
                .map(o -> new OverdueObligation(o, o.overdueBy(now).orElseThrow()))
                .sorted(Comparator.comparing(OverdueObligation::overdueBy).reversed())
                .toList();
    }
}
