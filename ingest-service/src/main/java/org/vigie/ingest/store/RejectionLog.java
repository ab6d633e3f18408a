package org.vigie.ingest.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.vigie.contracts.events.IngestRejection;
import org.vigie.contracts.json.VigieJson;

/**
 * Reads the dead letters back for GET /v1/rejections. They are written by {@link EventLedger}, in the ingest
 * transaction, exactly as published on the rejection topic.
 *
 * <h2>Why a PostgreSQL table and not the topic</h2>
 * A manufacturer asks "what did this device send wrong lately": a lookup by device over a bounded window, with
 * pages. The topic is keyed by device but a read would scan a partition from the start of its retention for
 * each call; a table with an index on (device, seq) answers in one query, is shared by every instance, and is
 * bounded the same way as the topic (rows older than {@code vigie.ingest.rejection-retention} are purged).
 * Writing it in the same transaction as the ledger keeps the two in step (see {@link EventLedger}).
 */
@ApplicationScoped
public class RejectionLog {

    private final Pool pool;

    public RejectionLog(Pool pool) {
        this.pool = pool;
    }

    /** A page of dead letters, newest first, and the cursor of the next (older) page, if there is one. */
    public record Page(List<IngestRejection> rejections, Long next) {
    }

    /**
     * The device's dead letters received at or after {@code since} (null: all kept), newest first, at most
     * {@code limit}, older than the cursor {@code before} (null: from the newest).
     */
    public Uni<Page> page(String deviceId, Instant since, Long before, int limit) {
        return pool.preparedQuery("select seq, document from ingest.rejection where device_id = $1"
                        + " and ($2::timestamptz is null or received_at >= $2) and ($3::bigint is null or seq < $3)"
                        + " order by seq desc limit $4")
                .execute(Tuple.of(deviceId, since == null ? null : OffsetDateTime.ofInstant(since, ZoneOffset.UTC),
                        before, limit + 1))
                .map(rows -> {
                    List<IngestRejection> page = new ArrayList<>();
                    long lastSeq = 0;
                    boolean more = false;
                    for (Row row : rows) {
                        if (page.size() == limit) {
                            more = true; // the extra row asked for: there is an older page
                            break;
                        }
                        lastSeq = row.getLong(0);
                        page.add(read(row.getString(1)));
                    }
                    return new Page(page, more ? lastSeq : null);
                });
    }

    private static IngestRejection read(String document) {
        try {
            return VigieJson.mapper().readValue(document, IngestRejection.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored dead letter does not read as an IngestRejection", e);
        }
    }
}
