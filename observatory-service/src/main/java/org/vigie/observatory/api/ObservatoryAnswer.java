package org.vigie.observatory.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An observatory answer: the effective query (the range aligned on whole buckets), how it was disclosed, one
 * page of flat rows (one per bucket and group, with subtotal and total rows), and the columns in order — the
 * same rows serve JSON and CSV. A suppressed count is null with its {@code …Suppressed} flag true; see the
 * data dictionary ({@code GET /v1/open-data/dictionary}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One page of an observatory answer; suppressed counts are null with their ...Suppressed flag set")
public record ObservatoryAnswer(
        Instant from,
        Instant to,
        String interval,
        List<String> groupBy,
        Map<String, String> filters,
        @Schema(description = "exact (authority, admin) or suppressed (everyone else)") String disclosure,
        @Schema(description = "counts from 1 to threshold-1 are suppressed") int threshold,
        int page,
        int size,
        long totalRows,
        List<String> columns,
        List<Map<String, Object>> rows,
        @Schema(description = "alerts summary only: open alerts and obligations now") List<Map<String, Object>> current) {
}
