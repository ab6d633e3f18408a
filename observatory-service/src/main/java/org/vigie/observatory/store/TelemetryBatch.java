package org.vigie.observatory.store;

import java.util.List;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;

/** The decoded telemetry of one Kafka poll, applied in one transaction. */
public record TelemetryBatch(List<InferenceEvent> inferences, List<UsageEvent> usages, List<OutcomeEvent> outcomes,
                             List<FeedbackEvent> feedback) {

    public int size() {
        return inferences.size() + usages.size() + outcomes.size() + feedback.size();
    }

    /** What the batch changed: fresh events counted, replays recognised, outcomes that name no known inference. */
    public record Applied(int fresh, int duplicates, int labelled, int pendingOutcomes, int unattributedOutcomes) {
    }
}
