package org.vigie.alert.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.vigie.contracts.json.VigieJson;

/**
 * Writes many rows of one table with one INSERT statement ({@code json_to_recordset} over a single JSON
 * parameter), in the current session's transaction, after flushing the session (rows it inserts may refer to
 * entities persisted before). Rows keep their order: a column the database numbers (a sequence default) follows
 * the order of the list. Timestamps are written at microsecond precision, PostgreSQL's.
 */
public final class BulkInsert {

    private final String table;
    /** The columns written, name to type, in table order. */
    private final Map<String, String> columns;
    private final String sql;

    private BulkInsert(String table, Map<String, String> columns) {
        this.table = table;
        this.columns = columns;
        String names = String.join(", ", columns.keySet());
        String definitions = columns.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        this.sql = "insert into " + table + " (" + names + ") select " + names
                + " from rows from (json_to_recordset(cast(cast(:rows as text) as json)) as (" + definitions + "))"
                + " with ordinality as r(" + names + ", bulk_position) order by bulk_position";
    }

    /** {@code columnsAndTypes}: name, type, name, type… */
    public static BulkInsert into(String table, String... columnsAndTypes) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndTypes.length; i += 2) {
            columns.put(columnsAndTypes[i], columnsAndTypes[i + 1]);
        }
        return new BulkInsert(table, columns);
    }

    /** Inserts one row per element, {@code row} giving each column's value in the order of the columns. */
    public <T> Uni<Void> insert(Collection<T> rows, Function<T, List<?>> row) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> json = new ArrayList<>(rows.size());
        List<String> names = List.copyOf(columns.keySet());
        for (T element : rows) {
            List<?> values = row.apply(element);
            if (values.size() != names.size()) {
                throw new IllegalArgumentException(table + ": " + values.size() + " values for " + names.size()
                        + " columns");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                Object v = values.get(i);
                m.put(names.get(i), v instanceof Instant t ? t.truncatedTo(ChronoUnit.MICROS) : v);
            }
            json.add(m);
        }
        String parameter;
        try {
            parameter = VigieJson.mapper().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rows of " + table + " not writable as JSON", e);
        }
        return Panache.getSession().chain(s -> s.flush()
                .chain(() -> s.createNativeQuery(sql).setParameter("rows", parameter).executeUpdate()))
                .replaceWithVoid();
    }
}
