package org.vigie.observatory.store;

import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.vigie.observatory.domain.CellDeltas;
import org.vigie.observatory.domain.TelemetryRollup;

/**
 * One rollup table and its additive upsert: every cell of a batch in one statement, its columns passed as
 * arrays and unnested, existing cells incremented ({@code ON CONFLICT DO UPDATE SET m = m + excluded.m}).
 * The first key column is the bucket (timestamptz), the others text.
 */
record RollupTable(String name, List<String> keys, List<String> measures, List<Boolean> integral) {

    static final List<String> INFERENCE_KEYS = List.of("bucket", "device_id", "model_version", "site_id", "region");

    static RollupTable inference(String suffix) {
        return new RollupTable("observatory.inference_" + suffix, INFERENCE_KEYS, TelemetryRollup.INFERENCE_MEASURES,
                List.of(true, true, true, false, true, false));
    }

    static RollupTable usage(String suffix) {
        return new RollupTable("observatory.usage_" + suffix, concat(INFERENCE_KEYS, "specialty"),
                TelemetryRollup.USAGE_MEASURES, List.of(true, true, true, true));
    }

    static RollupTable feedback(String suffix) {
        return new RollupTable("observatory.feedback_" + suffix, concat(INFERENCE_KEYS, "category", "harm"),
                TelemetryRollup.FEEDBACK_MEASURES, List.of(true));
    }

    String upsert() {
        List<String> columns = new ArrayList<>(keys);
        columns.addAll(measures);
        String arrays = IntStream.range(0, columns.size())
                .mapToObj(i -> "$" + (i + 1) + "::" + (i == 0 ? "timestamptz" : i < keys.size() ? "text"
                        : integral.get(i - keys.size()) ? "bigint" : "double precision") + "[]")
                .collect(Collectors.joining(", "));
        String increments = measures.stream().map(m -> m + " = r." + m + " + excluded." + m)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + name + " AS r (" + String.join(", ", columns) + ") SELECT * FROM unnest(" + arrays
                + ") ON CONFLICT (" + String.join(", ", keys) + ") DO UPDATE SET " + increments;
    }

    Tuple arguments(CellDeltas deltas) {
        List<Map.Entry<List<Object>, double[]>> cells = deltas.sorted();
        int n = cells.size();
        List<Object> arrays = new ArrayList<>();
        OffsetDateTime[] buckets = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            buckets[i] = OffsetDateTime.ofInstant((Instant) cells.get(i).getKey().get(0), ZoneOffset.UTC);
        }
        arrays.add(buckets);
        for (int k = 1; k < keys.size(); k++) {
            String[] column = new String[n];
            for (int i = 0; i < n; i++) {
                column[i] = (String) cells.get(i).getKey().get(k);
            }
            arrays.add(column);
        }
        for (int m = 0; m < measures.size(); m++) {
            if (integral.get(m)) {
                Long[] column = new Long[n];
                for (int i = 0; i < n; i++) {
                    column[i] = Math.round(cells.get(i).getValue()[m]);
                }
                arrays.add(column);
            } else {
                Double[] column = new Double[n];
                for (int i = 0; i < n; i++) {
                    column[i] = cells.get(i).getValue()[m];
                }
                arrays.add(column);
            }
        }
        return Tuple.from(arrays);
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return List.copyOf(all);
    }
}
