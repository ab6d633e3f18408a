package org.vigie.observatory.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an answer can be grouped and filtered by. Hierarchical dimensions are always published with their
 * parent (a site under its region, a device under its manufacturer, a model version under its device): the
 * answer is then a nested table whose subtotals are the parent's counts, and a filter on the parent is a
 * slice of that one protected table — so filtering cannot be used to difference a small group out.
 */
public enum Dimension {
    REGION("region", "r.region", null),
    SITE("site", "r.site_id", REGION),
    SITE_TYPE("siteType", "coalesce(s.site_type, 'unknown')", null),
    SPECIALTY("specialty", "r.specialty", null),
    USE_CASE("useCase", "coalesce(d.use_case, 'unregistered')", null),
    RISK_CLASS("riskClass", "coalesce(d.risk_class, 'unregistered')", null),
    MANUFACTURER("manufacturer", "coalesce(d.manufacturer_id, 'unregistered')", null),
    DEVICE("device", "r.device_id", MANUFACTURER),
    MODEL_VERSION("modelVersion", "r.model_version", DEVICE),
    // Alerts, signals and field reports.
    KIND("kind", "r.kind", null),
    SEVERITY("severity", "r.severity", null),
    STATUS("status", "r.status", null),
    CATEGORY("category", "r.category", null),
    HARM("harm", "r.harm", null);

    private final String parameter;
    private final String sql;
    private final Dimension parent;

    Dimension(String parameter, String sql, Dimension parent) {
        this.parameter = parameter;
        this.sql = sql;
        this.parent = parent;
    }

    /** The name in query parameters, JSON and CSV. */
    public String parameter() {
        return parameter;
    }

    public String sql() {
        return sql;
    }

    public Optional<Dimension> parent() {
        return Optional.ofNullable(parent);
    }

    /** This dimension with its ancestors, outermost first: the row path of a grouped answer. */
    public List<Dimension> path() {
        List<Dimension> path = new ArrayList<>();
        for (Dimension d = this; d != null; d = d.parent) {
            path.add(0, d);
        }
        return path;
    }

    public boolean isAncestorOrSelf(Dimension other) {
        return other.path().contains(this);
    }

    public static Optional<Dimension> of(String parameter) {
        String wanted = parameter.trim().toLowerCase(Locale.ROOT).replace("_", "");
        for (Dimension d : values()) {
            if (d.parameter.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
