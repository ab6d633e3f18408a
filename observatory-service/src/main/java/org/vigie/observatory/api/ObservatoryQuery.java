package org.vigie.observatory.api;

import jakarta.ws.rs.core.MultivaluedMap;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.vigie.contracts.api.Problem;
import org.vigie.contracts.http.ProblemException;
import org.vigie.observatory.domain.Disclosure;
import org.vigie.observatory.domain.TimeBucket;

/**
 * The parameters of an observatory query, validated at the edge. Rejected values are never echoed (a filter
 * value could be anything a caller pasted).
 *
 * <p>Disclosure rules for suppressed callers (anonymous, analyst): buckets of a day or longer (an hourly
 * series is too fine to publish: almost every cell would be small); one {@code groupBy} dimension; filters only
 * on that dimension or its parents (region for a site, device for a version, manufacturer for a device). Each
 * answer is then a slice of one table protected whole, per day, so two queries with overlapping filters
 * cannot be subtracted to single out a small group. Authority and admin callers see exact counts and may
 * cross-tabulate two dimensions with any filters and hourly buckets.
 */
public record ObservatoryQuery(Instant from, Instant to, TimeBucket interval, List<Dimension> groupBy,
                               Map<Dimension, String> filters, int page, int size, Disclosure disclosure) {

    static final Set<String> COMMON = Set.of("from", "to", "interval", "groupBy", "page", "size");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._:@+-]{1,100}");
    private static final Duration MAX_RANGE = Duration.ofDays(800);

    /** Dimensions of the rows, outermost first: each grouped dimension with its parents. */
    public List<Dimension> path() {
        Set<Dimension> path = new LinkedHashSet<>();
        groupBy.forEach(d -> path.addAll(d.path()));
        return List.copyOf(path);
    }

    public boolean exact() {
        return disclosure == Disclosure.EXACT;
    }

    /** Filters applied in SQL: all of them for exact callers; none for suppressed ones (they slice the protected table). */
    public Map<Dimension, String> sqlFilters() {
        return exact() ? filters : Map.of();
    }

    public static ObservatoryQuery parse(MultivaluedMap<String, String> params, Set<Dimension> supported,
                                         Disclosure disclosure, int maxPageSize) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String name : params.keySet()) {
            boolean known = COMMON.contains(name) || Dimension.of(name).filter(supported::contains).isPresent();
            if (!known) {
                errors.add(new Problem.FieldError("/query/" + safeName(name), "unknown parameter"));
            }
            if (params.get(name).size() > 1) {
                errors.add(new Problem.FieldError("/query/" + safeName(name), "give this parameter once"));
            }
        }
        TimeBucket interval = TimeBucket.DAY;
        try {
            String raw = params.getFirst("interval");
            interval = raw == null ? TimeBucket.DAY : TimeBucket.parse(raw);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("/query/interval", "use one of hour, day, week, month"));
        }
        Instant to = instant(params.getFirst("to"), "to", errors)
                .orElse(LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        Instant from = instant(params.getFirst("from"), "from", errors).orElse(to.minus(Duration.ofDays(30)));
        if (!from.isBefore(to)) {
            errors.add(new Problem.FieldError("/query/from", "from must be before to"));
        } else if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            errors.add(new Problem.FieldError("/query/to", "the range is limited to " + MAX_RANGE.toDays() + " days"));
        }
        List<Dimension> groupBy = new ArrayList<>();
        String rawGroupBy = params.getFirst("groupBy");
        if (rawGroupBy != null && !rawGroupBy.isBlank()) {
            for (String part : rawGroupBy.split(",")) {
                Optional<Dimension> d = Dimension.of(part).filter(supported::contains);
                if (d.isEmpty()) {
                    errors.add(new Problem.FieldError("/query/groupBy", "group by one of " + names(supported)));
                } else if (!groupBy.contains(d.get())) {
                    groupBy.add(d.get());
                }
            }
        }
        Map<Dimension, String> filters = new LinkedHashMap<>();
        for (Dimension d : supported) {
            String value = params.getFirst(d.parameter());
            if (value != null) {
                if (!VALUE.matcher(value).matches()) {
                    errors.add(new Problem.FieldError("/query/" + d.parameter(),
                            "a filter value is 1 to 100 letters, digits or . _ : @ + -"));
                } else {
                    filters.put(d, value);
                }
            }
        }
        int page = integer(params.getFirst("page"), 0, 0, Integer.MAX_VALUE, "page", errors);
        int size = integer(params.getFirst("size"), 100, 1, maxPageSize, "size", errors);

        if (disclosure == Disclosure.SUPPRESSED) {
            if (interval == TimeBucket.HOUR) {
                errors.add(new Problem.FieldError("/query/interval",
                        "hourly buckets are for exact-count callers; suppressed statistics are published by day or longer"));
            }
            if (groupBy.size() > 1) {
                errors.add(new Problem.FieldError("/query/groupBy",
                        "suppressed statistics are grouped by one dimension (cross-tables are for exact-count callers)"));
            }
            for (Dimension f : filters.keySet()) {
                boolean slice = groupBy.size() == 1 && f.isAncestorOrSelf(groupBy.get(0));
                if (!slice) {
                    errors.add(new Problem.FieldError("/query/" + f.parameter(), "suppressed statistics may be filtered only"
                            + " on the grouped dimension or its parents (e.g. region with groupBy=site)"));
                }
            }
        } else if (groupBy.size() > 2) {
            errors.add(new Problem.FieldError("/query/groupBy", "group by at most two dimensions"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("invalid-query", "The query parameters are not valid.", errors);
        }
        Instant alignedFrom = interval.start(from);
        Instant alignedTo = interval.start(to).equals(to) ? to : interval.next(interval.start(to));
        try {
            interval.startsBetween(alignedFrom, alignedTo);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-query", "The query parameters are not valid.",
                    List.of(new Problem.FieldError("/query/interval", "too many buckets: use a coarser interval")));
        }
        return new ObservatoryQuery(alignedFrom, alignedTo, interval, List.copyOf(groupBy), filters, page, size, disclosure);
    }

    private static Optional<Instant> instant(String raw, String name, List<Problem.FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            if (raw.length() == 10) {
                return Optional.of(LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            return Optional.of(Instant.parse(raw));
        } catch (DateTimeException e) {
            errors.add(new Problem.FieldError("/query/" + name, "use an ISO date (2026-03-02) or instant (2026-03-02T00:00:00Z)"));
            return Optional.empty();
        }
    }

    private static int integer(String raw, int fallback, int min, int max, String name, List<Problem.FieldError> errors) {
        if (raw == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new Problem.FieldError("/query/" + name, "an integer from " + min + " to " + max));
        return fallback;
    }

    private static String names(Set<Dimension> supported) {
        return String.join(", ", supported.stream().map(Dimension::parameter).toList());
    }

    private static String safeName(String name) {
        return name.length() <= 40 && name.matches("[A-Za-z0-9_.-]+") ? name : "(parameter)";
    }
}
