package org.vigie.observatory.api;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vigie.contracts.api.Problem;
import org.vigie.contracts.http.ProblemException;
import org.vigie.observatory.config.ObservatoryConfig;
import org.vigie.observatory.domain.DailyPublication;
import org.vigie.observatory.domain.GreenAlgorithms;
import org.vigie.observatory.domain.GridCarbonIntensity;
import org.vigie.observatory.domain.LatencySketch;
import org.vigie.observatory.domain.PublishedCount;
import org.vigie.observatory.domain.ProtectedTables;
import org.vigie.observatory.domain.PublishedRate;
import org.vigie.observatory.domain.Rate;
import org.vigie.observatory.domain.SmallCellSuppression;
import org.vigie.observatory.domain.SuppressedTable;
import org.vigie.observatory.domain.TimeBucket;
import org.vigie.observatory.store.PublicSettings;
import org.vigie.observatory.store.RollupReader;
import org.vigie.observatory.store.RollupReader.Cell;

/**
 * Builds the answers of the observatory API from the rollups: reads sums per base bucket (day, or hour for
 * exact callers) and group, protects each base bucket's table ({@link DailyPublication}), adds them up into the
 * interval, derives rates, latency quantiles and energy from what is published, then slices and pages.
 */
@ApplicationScoped
public class ObservatoryAnswers {

    static final Set<Dimension> TELEMETRY = EnumSet.of(Dimension.REGION, Dimension.SITE, Dimension.SITE_TYPE,
            Dimension.USE_CASE, Dimension.RISK_CLASS, Dimension.MANUFACTURER, Dimension.DEVICE, Dimension.MODEL_VERSION);
    static final Set<Dimension> USAGE = union(TELEMETRY, EnumSet.of(Dimension.SPECIALTY));
    static final Set<Dimension> DEVICE_LEVEL = EnumSet.of(Dimension.USE_CASE, Dimension.RISK_CLASS,
            Dimension.MANUFACTURER, Dimension.DEVICE, Dimension.MODEL_VERSION);
    static final Set<Dimension> ALERT_DIMENSIONS = EnumSet.of(Dimension.KIND, Dimension.SEVERITY, Dimension.STATUS,
            Dimension.CATEGORY, Dimension.HARM, Dimension.REGION, Dimension.DEVICE, Dimension.MANUFACTURER);
    private static final Set<Dimension> ALERT_STATE = EnumSet.of(Dimension.KIND, Dimension.SEVERITY, Dimension.STATUS,
            Dimension.DEVICE, Dimension.MANUFACTURER);
    private static final Set<Dimension> SIGNALS = EnumSet.of(Dimension.KIND, Dimension.SEVERITY, Dimension.DEVICE,
            Dimension.MANUFACTURER);
    private static final Set<Dimension> REPORTS = EnumSet.of(Dimension.CATEGORY, Dimension.HARM, Dimension.REGION,
            Dimension.DEVICE, Dimension.MANUFACTURER);
    private static final List<String> ACTIONS = List.of("viewed", "accepted", "overridden", "ignored");

    private final RollupReader reader;
    private final ObservatoryConfig config;
    private final PublicSettings settings;
    /** Day tables protected before, by content (exact: see ProtectedTables); a 30-day answer re-protects changed days only. */
    private final ProtectedTables protectedDays = new ProtectedTables(1_000);

    public ObservatoryAnswers(RollupReader reader, ObservatoryConfig config, PublicSettings settings) {
        this.reader = reader;
        this.config = config;
        this.settings = settings;
    }

    int threshold() {
        return config.suppressionThreshold();
    }

    // ---------------------------------------------------------------- usage

    @WithSpan("observatory.answer.usage")
    public Uni<ObservatoryAnswer> usage(ObservatoryQuery q) {
        List<Dimension> path = q.path();
        boolean inferencesApply = TELEMETRY.containsAll(path) && TELEMETRY.containsAll(q.filters().keySet());
        boolean latencyApplies = DEVICE_LEVEL.containsAll(path) && DEVICE_LEVEL.containsAll(q.filters().keySet());
        String suffix = suffix(q);
        Uni<List<Cell>> inferences = inferencesApply
                ? reader.sums("observatory.inference_" + suffix, "r.bucket", sql(path), sqlFilters(q),
                        List.of("sum(r.inferences)", "sum(r.labelled)"), null, q.from(), q.to())
                : Uni.createFrom().item(List.of());
        Uni<List<Cell>> usages = reader.sums("observatory.usage_" + suffix, "r.bucket", sql(path), sqlFilters(q),
                List.of("sum(r.viewed)", "sum(r.accepted)", "sum(r.overridden)", "sum(r.ignored)"), null, q.from(), q.to());
        Uni<List<Cell>> sketches = latencyApplies
                ? reader.sketches("observatory.latency_" + suffix, sql(path), sqlFilters(q), q.from(), q.to())
                : Uni.createFrom().item(List.of());
        return Uni.combine().all().unis(inferences, usages, sketches).asTuple().map(t -> {
            guard(q, t.getItem1().size() + t.getItem2().size(), 4);
            DailyPublication publication = publication(q);
            Map<Instant, Map<List<String>, long[]>> inf = byBucket(t.getItem1(), 0, 1);
            Map<Instant, Map<List<String>, long[]>> lab = byBucket(t.getItem1(), 1, 1);
            Map<Instant, Map<List<String>, long[]>> acts = byBucket(t.getItem2(), 0, 4);
            Map<Instant, Map<List<String>, DailyPublication.Row>> inferenceRows =
                    index(DailyPublication.rollUp(publication.protect(List.of("inferences"), inf), q.interval()));
            Map<Instant, Map<List<String>, DailyPublication.Row>> labelledRows =
                    index(DailyPublication.rollUp(publication.protectSubset(List.of("labelled"), lab, inf), q.interval()));
            Map<Instant, Map<List<String>, DailyPublication.Row>> actionRows =
                    index(DailyPublication.rollUp(publication.protect(ACTIONS, acts), q.interval()));
            Map<Instant, Map<List<String>, LatencySketch>> latency = latencyApplies ? mergeSketches(t.getItem3(), q) : Map.of();

            Rate rate = new Rate(threshold());
            List<String> columns = new ArrayList<>(baseColumns(path));
            if (inferencesApply) {
                columns.addAll(List.of("inferences", "inferencesSuppressed", "labelledShare", "labelledShareSuppressed"));
            }
            columns.addAll(List.of("decisions", "decisionsSuppressed", "accepted", "acceptedSuppressed", "overridden",
                    "overriddenSuppressed", "ignored", "ignoredSuppressed", "acceptedRate", "overriddenRate", "ignoredRate",
                    "ratesSuppressed"));
            if (latencyApplies) {
                columns.addAll(List.of("latencyP50Ms", "latencyP95Ms", "latencySuppressed"));
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Map.Entry<Instant, List<List<String>>> bucket : rowPaths(q, inferenceRows, actionRows).entrySet()) {
                for (List<String> rowPath : bucket.getValue()) {
                    Map<String, Object> row = baseRow(bucket.getKey(), rowPath, path);
                    if (inferencesApply) {
                        PublishedCount n = count(inferenceRows, bucket.getKey(), rowPath, 0);
                        put(row, "inferences", n);
                        PublishedRate share = rate.labelledShare(count(labelledRows, bucket.getKey(), rowPath, 0), n);
                        row.put("labelledShare", share.value());
                        row.put("labelledShareSuppressed", share.suppressed());
                    }
                    DailyPublication.Row a = find(actionRows, bucket.getKey(), rowPath);
                    PublishedCount decisions = a == null ? PublishedCount.shown(0) : a.total();
                    PublishedCount accepted = a == null ? PublishedCount.shown(0) : a.cells().get(1);
                    PublishedCount overridden = a == null ? PublishedCount.shown(0) : a.cells().get(2);
                    PublishedCount ignored = a == null ? PublishedCount.shown(0) : a.cells().get(3);
                    put(row, "decisions", decisions);
                    put(row, "accepted", accepted);
                    put(row, "overridden", overridden);
                    put(row, "ignored", ignored);
                    Rate.UsageRates rates = rate.usage(accepted, overridden, ignored, decisions);
                    row.put("acceptedRate", rates.accepted().value());
                    row.put("overriddenRate", rates.overridden().value());
                    row.put("ignoredRate", rates.ignored().value());
                    row.put("ratesSuppressed", rates.accepted().suppressed() || rates.overridden().suppressed()
                            || rates.ignored().suppressed());
                    if (latencyApplies) {
                        LatencySketch s = latency.getOrDefault(bucket.getKey(), Map.of()).get(rowPath);
                        boolean hidden = s == null || s.count() == 0
                                || (!q.exact() && s.count() < threshold());
                        row.put("latencyP50Ms", hidden ? null : round(s.quantile(0.5)));
                        row.put("latencyP95Ms", hidden ? null : round(s.quantile(0.95)));
                        row.put("latencySuppressed", s != null && s.count() > 0 && hidden);
                    }
                    rows.add(row);
                }
            }
            return answer(q, columns, rows, null);
        });
    }

    // ---------------------------------------------------------------- energy

    @WithSpan("observatory.answer.energy")
    public Uni<ObservatoryAnswer> energy(ObservatoryQuery q) {
        List<Dimension> path = q.path();
        String suffix = suffix(q);
        Uni<List<Cell>> energy = reader.sums("observatory.inference_" + suffix, "r.bucket", sql(path), sqlFilters(q),
                List.of("sum(r.inferences)", "sum(r.measured_joules)",
                        "sum(coalesce(d.power_watts, 0) * r.unmeasured_runtime_ms)",
                        "sum(r.measured + CASE WHEN d.power_watts IS NULL THEN 0 ELSE r.unmeasured_timed END)"),
                "coalesce(d.energy_country, '')", q.from(), q.to());
        return energy.map(cells -> {
            guard(q, cells.size(), 1);
            GridCarbonIntensity grid = settings.grid();
            String defaultCountry = config.energy().defaultCountry();
            Map<Instant, Map<List<String>, long[]>> inf = new TreeMap<>();
            Map<Instant, Map<List<String>, double[]>> footprint = new TreeMap<>();
            for (Cell c : cells) {
                inf.computeIfAbsent(c.bucket(), b -> new HashMap<>()).merge(c.group(), new long[] {Math.round(c.values()[0])},
                        ObservatoryAnswers::plus);
                double kwh = GreenAlgorithms.measuredKwh(c.values()[1]) + wattMillisToKwh(c.values()[2]);
                String country = c.extra() == null || c.extra().toString().isBlank() ? defaultCountry : c.extra().toString();
                double grams = GreenAlgorithms.carbonGrams(kwh, grid.gramsPerKwh(country));
                Instant bucket = q.interval().start(c.bucket());
                for (List<String> prefix : prefixes(c.group())) {
                    double[] acc = footprint.computeIfAbsent(bucket, b -> new HashMap<>())
                            .computeIfAbsent(prefix, p -> new double[3]);
                    acc[0] += kwh;
                    acc[1] += grams;
                    acc[2] += c.values()[3];
                }
            }
            Map<Instant, Map<List<String>, DailyPublication.Row>> inferenceRows =
                    index(DailyPublication.rollUp(publication(q).protect(List.of("inferences"), inf), q.interval()));
            List<String> columns = new ArrayList<>(baseColumns(path));
            columns.addAll(List.of("inferences", "inferencesSuppressed", "energyKwh", "carbonGramsCo2e",
                    "energyKwhPer1000Inferences", "carbonGramsCo2ePer1000Inferences", "energySuppressed"));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Map.Entry<Instant, List<List<String>>> bucket : rowPaths(q, inferenceRows, Map.of()).entrySet()) {
                for (List<String> rowPath : bucket.getValue()) {
                    Map<String, Object> row = baseRow(bucket.getKey(), rowPath, path);
                    PublishedCount n = count(inferenceRows, bucket.getKey(), rowPath, 0);
                    put(row, "inferences", n);
                    double[] f = footprint.getOrDefault(bucket.getKey(), Map.of()).getOrDefault(rowPath, new double[3]);
                    boolean hidden = n.suppressed();
                    GreenAlgorithms.BatchFootprint per = new GreenAlgorithms.BatchFootprint(f[0], f[1],
                            GreenAlgorithms.perThousandInferences(f[0], Math.round(f[2])),
                            GreenAlgorithms.perThousandInferences(f[1], Math.round(f[2])));
                    row.put("energyKwh", hidden ? null : f[0]);
                    row.put("carbonGramsCo2e", hidden ? null : f[1]);
                    row.put("energyKwhPer1000Inferences", hidden || per.kwhPerThousand().isEmpty() ? null
                            : per.kwhPerThousand().getAsDouble());
                    row.put("carbonGramsCo2ePer1000Inferences", hidden || per.gramsCo2ePerThousand().isEmpty() ? null
                            : per.gramsCo2ePerThousand().getAsDouble());
                    row.put("energySuppressed", hidden);
                    rows.add(row);
                }
            }
            return answer(q, columns, rows, null);
        });
    }

    /** W·ms → kWh: the Green Algorithms estimate, runtime × facility power (power already includes the PUE). */
    static double wattMillisToKwh(double wattMillis) {
        return GreenAlgorithms.estimatedKwh(new GreenAlgorithms.ComputeProfile(1, 1.0, 1.0, 0, 1.0),
                Duration.ofNanos(Math.round(wattMillis * 1_000_000)));
    }

    // ---------------------------------------------------------------- adoption (distinct counts)

    @WithSpan("observatory.answer.adoption")
    public Uni<ObservatoryAnswer> adoption(ObservatoryQuery q) {
        List<Dimension> path = q.path();
        // Distinct counts are not sums: no table protection applies; filters are applied in SQL for every caller.
        List<Map.Entry<String, String>> filters = new ArrayList<>();
        q.filters().forEach((d, v) -> filters.add(Map.entry(d.sql(), v)));
        String unit = q.interval().parameter();
        Uni<List<Cell>> detail = path.isEmpty() ? Uni.createFrom().item(List.of())
                : reader.distinct(unit, sql(path), filters, q.from(), q.to());
        Uni<List<Cell>> totals = reader.distinct(unit, List.of(), filters, q.from(), q.to());
        return Uni.combine().all().unis(detail, totals).asTuple().map(t -> {
            List<String> columns = new ArrayList<>(baseColumns(path));
            columns.addAll(List.of("activeSites", "activeSitesSuppressed", "activeDevices", "activeDevicesSuppressed"));
            Map<Instant, List<Cell>> byBucket = new TreeMap<>();
            for (Cell c : t.getItem1()) {
                byBucket.computeIfAbsent(c.bucket(), b -> new ArrayList<>()).add(c);
            }
            for (Cell c : t.getItem2()) {
                byBucket.computeIfAbsent(c.bucket(), b -> new ArrayList<>()).add(c);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            byBucket.forEach((bucket, cells) -> {
                cells.sort((a, b) -> DailyPublication.PATH_ORDER.compare(a.group(), b.group()));
                for (Cell c : cells) {
                    Map<String, Object> row = baseRow(bucket, c.group(), path);
                    put(row, "activeSites", distinct(q, Math.round(c.values()[0])));
                    put(row, "activeDevices", distinct(q, Math.round(c.values()[1])));
                    rows.add(row);
                }
            });
            return answer(q, columns, rows, null);
        });
    }

    /** A distinct count is shown when it is zero or at least the threshold (exact callers: always). */
    PublishedCount distinct(ObservatoryQuery q, long n) {
        return q.exact() || n == 0 || n >= threshold() ? PublishedCount.shown(n) : PublishedCount.suppressedCount();
    }

    // ---------------------------------------------------------------- alerts summary

    @WithSpan("observatory.answer.alerts")
    public Uni<ObservatoryAnswer> alerts(ObservatoryQuery q) {
        List<Dimension> path = q.path();
        Set<Dimension> used = EnumSet.noneOf(Dimension.class);
        used.addAll(path);
        used.addAll(q.filters().keySet());
        String unit = q.exact() && q.interval() == TimeBucket.HOUR ? "hour" : "day";
        boolean[] applies = {ALERT_STATE.containsAll(used), SIGNALS.containsAll(used), REPORTS.containsAll(used)};
        Uni<List<Cell>> alerts = applies[0]
                ? reader.sums("observatory.alert_state", "date_trunc('" + unit + "', r.first_seen, 'UTC')", sql(path),
                        sqlFilters(q), List.of("count(*)"), null, q.from(), q.to())
                : Uni.createFrom().item(List.of());
        Uni<List<Cell>> signals = applies[1]
                ? reader.sums("observatory.drift_signal", "date_trunc('" + unit + "', r.detected_at, 'UTC')", sql(path),
                        sqlFilters(q), List.of("count(*)"), null, q.from(), q.to())
                : Uni.createFrom().item(List.of());
        Uni<List<Cell>> reports = applies[2]
                ? reader.sums("observatory.feedback_" + suffix(q), "r.bucket", sql(path), sqlFilters(q),
                        List.of("sum(r.reports)"), null, q.from(), q.to())
                : Uni.createFrom().item(List.of());
        Uni<List<Cell>> current = reader.current("SELECT 'openAlerts', kind, count(*), 0 FROM observatory.alert_state"
                + " WHERE status <> 'resolved' GROUP BY kind"
                + " UNION ALL SELECT 'openAlertsBySeverity', severity, count(*), 0 FROM observatory.alert_state"
                + " WHERE status <> 'resolved' GROUP BY severity"
                + " UNION ALL SELECT 'obligations', o.regulation, count(*), count(*) FILTER (WHERE o.deadline < now())"
                + " FROM observatory.alert_obligation o JOIN observatory.alert_state a ON a.alert_id = o.alert_id"
                + " WHERE a.status <> 'resolved' GROUP BY o.regulation");
        return Uni.combine().all().unis(alerts, signals, reports, current).asTuple().map(t -> {
            DailyPublication publication = publication(q);
            List<String> columns = new ArrayList<>(baseColumns(path));
            Map<String, Map<Instant, Map<List<String>, DailyPublication.Row>>> families = new LinkedHashMap<>();
            int cellCount = 0;
            Object[][] all3 = {{"alerts", t.getItem1()}, {"driftSignals", t.getItem2()}, {"fieldReports", t.getItem3()}};
            for (int i = 0; i < all3.length; i++) {
                Object[] family = all3[i];
                @SuppressWarnings("unchecked")
                List<Cell> cells = (List<Cell>) family[1];
                if (applies[i]) {
                    cellCount += cells.size();
                    String name = (String) family[0];
                    families.put(name, index(DailyPublication.rollUp(
                            publication.protect(List.of(name), byBucket(cells, 0, 1)), q.interval())));
                    columns.add(name);
                    columns.add(name + "Suppressed");
                }
            }
            guard(q, cellCount, 1);
            if (families.isEmpty()) {
                throw ProblemException.badRequest("invalid-query", "The query parameters are not valid.", List.of(
                        new Problem.FieldError("/query/groupBy", "no summary (alerts, drift signals, field reports) has"
                                + " all of these dimensions")));
            }
            Map<Instant, Map<List<String>, DailyPublication.Row>> all = new TreeMap<>();
            families.values().forEach(f -> f.forEach((b, rows) -> all.computeIfAbsent(b, x -> new LinkedHashMap<>()).putAll(rows)));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Map.Entry<Instant, List<List<String>>> bucket : rowPaths(q, all, Map.of()).entrySet()) {
                for (List<String> rowPath : bucket.getValue()) {
                    Map<String, Object> row = baseRow(bucket.getKey(), rowPath, path);
                    families.forEach((name, family) -> put(row, name, count(family, bucket.getKey(), rowPath, 0)));
                    rows.add(row);
                }
            }
            return answer(q, columns, rows, currentFigures(q, t.getItem4()));
        });
    }

    /** Open alerts by kind and severity, open and overdue obligations by regulation: one-way tables, protected. */
    private List<Map<String, Object>> currentFigures(ObservatoryQuery q, List<Cell> cells) {
        SmallCellSuppression suppression = new SmallCellSuppression(threshold());
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, List<Cell>> byMeasure = new TreeMap<>();
        cells.forEach(c -> byMeasure.computeIfAbsent(c.group().get(0), m -> new ArrayList<>()).add(c));
        byMeasure.forEach((measure, list) -> {
            list.sort((a, b) -> a.group().get(1).compareTo(b.group().get(1)));
            for (int column = 0; column < (measure.equals("obligations") ? 2 : 1); column++) {
                List<String> keys = list.stream().map(c -> c.group().get(1)).toList();
                long[] counts = new long[list.size()];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = Math.round(list.get(i).values()[column]);
                }
                String name = measure.equals("obligations") ? (column == 0 ? "openObligations" : "overdueObligations") : measure;
                SuppressedTable table = suppression.apply(org.vigie.observatory.domain.CountTable.oneWay(keys, counts),
                        q.disclosure());
                for (SuppressedTable.Row r : table.rows()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("measure", name);
                    row.put("value", r.path().isEmpty() ? "total" : r.path().get(0));
                    row.put("count", r.total().count());
                    row.put("suppressed", r.total().suppressed());
                    out.add(row);
                }
            }
        });
        return out;
    }

    // ---------------------------------------------------------------- shared

    private DailyPublication publication(ObservatoryQuery q) {
        return new DailyPublication(new SmallCellSuppression(threshold()), q.disclosure(),
                q.exact() ? ProtectedTables.NONE : protectedDays);
    }

    private static String suffix(ObservatoryQuery q) {
        return q.interval() == TimeBucket.HOUR ? "hour" : "day";
    }

    /** The SQL of the row path; without grouping, one constant group whose table's total is the answer. */
    private static List<String> sql(List<Dimension> path) {
        return path.isEmpty() ? List.of("'all'") : path.stream().map(Dimension::sql).toList();
    }

    private static List<Map.Entry<String, String>> sqlFilters(ObservatoryQuery q) {
        List<Map.Entry<String, String>> filters = new ArrayList<>();
        q.sqlFilters().forEach((d, v) -> filters.add(Map.entry(d.sql(), v)));
        return filters;
    }

    /** Refuses (400) a suppressed answer whose protection would be too costly, rather than answering slowly. */
    private void guard(ObservatoryQuery q, int cells, int columns) {
        if (!q.exact() && (long) cells * columns > config.api().maxProtectedCells()) {
            throw ProblemException.badRequest("too-many-cells", "This answer would protect more than "
                    + config.api().maxProtectedCells() + " day cells.", List.of(new Problem.FieldError("/query/groupBy",
                    "use a coarser dimension, a parent filter or a shorter range")));
        }
    }

    private static Map<Instant, Map<List<String>, long[]>> byBucket(List<Cell> cells, int from, int width) {
        Map<Instant, Map<List<String>, long[]>> out = new TreeMap<>();
        for (Cell c : cells) {
            long[] v = new long[width];
            for (int i = 0; i < width; i++) {
                v[i] = Math.round(c.values()[from + i]);
            }
            out.computeIfAbsent(c.bucket(), b -> new HashMap<>()).merge(c.group(), v, ObservatoryAnswers::plus);
        }
        return out;
    }

    private static long[] plus(long[] a, long[] b) {
        long[] sum = a.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += b[i];
        }
        return sum;
    }

    private static Map<Instant, Map<List<String>, DailyPublication.Row>> index(Map<Instant, List<DailyPublication.Row>> rows) {
        Map<Instant, Map<List<String>, DailyPublication.Row>> out = new TreeMap<>();
        rows.forEach((b, list) -> {
            Map<List<String>, DailyPublication.Row> m = new LinkedHashMap<>();
            list.forEach(r -> m.put(r.path(), r));
            out.put(b, m);
        });
        return out;
    }

    private static DailyPublication.Row find(Map<Instant, Map<List<String>, DailyPublication.Row>> rows, Instant b,
                                             List<String> path) {
        return rows.getOrDefault(b, Map.of()).get(path);
    }

    /** The published count of a row's column; a row absent from a family's table counts zero (public). */
    private static PublishedCount count(Map<Instant, Map<List<String>, DailyPublication.Row>> rows, Instant b,
                                        List<String> path, int column) {
        DailyPublication.Row r = find(rows, b, path);
        return r == null ? PublishedCount.shown(0) : r.cells().get(column);
    }

    /** Rows to publish per bucket: those of the families, sliced by the filters on the path, in path order. */
    private static Map<Instant, List<List<String>>> rowPaths(ObservatoryQuery q,
                                                             Map<Instant, Map<List<String>, DailyPublication.Row>> a,
                                                             Map<Instant, Map<List<String>, DailyPublication.Row>> b) {
        List<Dimension> path = q.path();
        // A set per bucket (a bucket of a site or device answer holds a thousand paths: a list's contains() was
        // quadratic), sorted once at the end.
        Map<Instant, java.util.Set<List<String>>> paths = new TreeMap<>();
        for (Map<Instant, Map<List<String>, DailyPublication.Row>> family : List.of(a, b)) {
            family.forEach((bucket, rows) -> {
                java.util.Set<List<String>> set = paths.computeIfAbsent(bucket, x -> new java.util.HashSet<>());
                for (List<String> p : rows.keySet()) {
                    if (kept(q, path, p)) {
                        set.add(p);
                    }
                }
            });
        }
        Map<Instant, List<List<String>>> out = new TreeMap<>();
        paths.forEach((bucket, set) -> {
            List<List<String>> list = new ArrayList<>(set);
            list.sort(DailyPublication.PATH_ORDER);
            out.put(bucket, list);
        });
        return out;
    }

    private static boolean kept(ObservatoryQuery q, List<Dimension> path, List<String> rowPath) {
        if (path.isEmpty()) {
            return rowPath.isEmpty();
        }
        for (Map.Entry<Dimension, String> f : q.filters().entrySet()) {
            int position = path.indexOf(f.getKey());
            if (position >= 0 && (rowPath.size() <= position || !rowPath.get(position).equals(f.getValue()))) {
                return false;
            }
            if (position < 0 && !q.exact()) {
                return false;
            }
        }
        return true;
    }

    private Map<Instant, Map<List<String>, LatencySketch>> mergeSketches(List<Cell> cells, ObservatoryQuery q) {
        Map<Instant, Map<List<String>, LatencySketch>> out = new TreeMap<>();
        for (Cell c : cells) {
            LatencySketch sketch = LatencySketch.fromBytes((byte[]) c.extra());
            Instant bucket = q.interval().start(c.bucket());
            for (List<String> prefix : prefixes(c.group())) {
                out.computeIfAbsent(bucket, b -> new HashMap<>()).computeIfAbsent(prefix, p -> LatencySketch.empty())
                        .merge(sketch);
            }
        }
        return out;
    }

    /** The path and each of its prefixes down to the empty one (the total). */
    private static List<List<String>> prefixes(List<String> path) {
        List<List<String>> prefixes = new ArrayList<>();
        for (int i = path.size(); i >= 0; i--) {
            prefixes.add(List.copyOf(path.subList(0, i)));
        }
        return prefixes;
    }

    private static List<String> baseColumns(List<Dimension> path) {
        List<String> columns = new ArrayList<>(List.of("bucket", "rowKind"));
        path.forEach(d -> columns.add(d.parameter()));
        return columns;
    }

    private static Map<String, Object> baseRow(Instant bucket, List<String> rowPath, List<Dimension> path) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("bucket", bucket);
        row.put("rowKind", rowPath.isEmpty() ? "total" : rowPath.size() < path.size() ? "subtotal" : "detail");
        for (int i = 0; i < path.size(); i++) {
            row.put(path.get(i).parameter(), i < rowPath.size() ? rowPath.get(i) : null);
        }
        return row;
    }

    private static void put(Map<String, Object> row, String name, PublishedCount count) {
        row.put(name, count.count());
        row.put(name + "Suppressed", count.suppressed());
    }

    private static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : null;
    }

    private ObservatoryAnswer answer(ObservatoryQuery q, List<String> columns, List<Map<String, Object>> rows,
                                     List<Map<String, Object>> current) {
        int fromIndex = (int) Math.min((long) q.page() * q.size(), rows.size());
        int toIndex = Math.min(fromIndex + q.size(), rows.size());
        Map<String, String> filters = new LinkedHashMap<>();
        q.filters().forEach((d, v) -> filters.put(d.parameter(), v));
        return new ObservatoryAnswer(q.from(), q.to(), q.interval().parameter(),
                q.groupBy().stream().map(Dimension::parameter).toList(), filters,
                q.disclosure().name().toLowerCase(Locale.ROOT), threshold(), q.page(), q.size(), rows.size(), columns,
                new ArrayList<>(rows.subList(fromIndex, toIndex)), current);
    }

    private static <T extends Enum<T>> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = EnumSet.copyOf(a);
        all.addAll(b);
        return all;
    }
}
