package org.vigie.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to a telemetry post: how many events were written (acknowledged by Kafka), how many were
 * already written before (same eventId), and each refused item with the reason and the JSON pointer of the
 * field at fault. Nothing in it repeats a refused value.
 */
public record IngestResult(int accepted, int duplicates, List<Rejection> rejected) {

    /** A refused item, by its position in the batch (0-based). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rejection(int index, String eventId, String type, String title, String detail, String pointer) {
    }
}
