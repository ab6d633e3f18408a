package org.vigie.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** One attempt, or the final state, of delivering an alert revision to a subscriber. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertDelivery(
        int schemaVersion,
        UUID deliveryId,
        UUID alertId,
        long alertRevision,
        UUID subscriptionId,
        int attempt,
        DeliveryStatus status,
        Integer httpStatus,
        String error,
        Instant at) implements VigieEvent {
}
