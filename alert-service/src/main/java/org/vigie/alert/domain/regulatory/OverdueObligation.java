package org.vigie.alert.domain.regulatory;

import java.time.Duration;

/** An obligation past its deadline, and by how long; feeds the API field, the metric and the escalation alert. */
public record OverdueObligation(Obligation obligation, Duration overdueBy) {
}
