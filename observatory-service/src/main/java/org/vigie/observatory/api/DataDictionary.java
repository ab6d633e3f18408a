package org.vigie.observatory.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The open-data dictionary: every column the observatory publishes, its type, unit and disclosure rule. */
public record DataDictionary(String title, String suppressionRule, int threshold, List<Entry> columns) {

    public record Entry(String column, String endpoints, String type, String unit, String description, String disclosure) {
    }

    static final List<String> CSV_COLUMNS = List.of("column", "endpoints", "type", "unit", "description", "disclosure");

    private static final String ALL = "usage, adoption, energy, alerts/summary";
    private static final String COUNT_RULE = "suppressed (null) when 1..threshold-1 or by secondary suppression";

    static DataDictionary of(int threshold) {
        List<Entry> e = new ArrayList<>();
        e.add(new Entry("bucket", ALL, "ISO-8601 instant", "UTC", "Start of the time bucket (hour, day, ISO week from Monday, month)", "public"));
        e.add(new Entry("rowKind", ALL, "text", "", "detail, subtotal (parent of a nested dimension) or total (all groups)", "public"));
        for (Dimension d : Dimension.values()) {
            e.add(new Entry(d.parameter(), "where grouped", "text", "", dimensionDescription(d), "public"));
        }
        e.add(new Entry("inferences", "usage, energy", "integer", "inferences", "AI inferences made", COUNT_RULE));
        e.add(new Entry("labelledShare", "usage", "number 0..1", "share", "Share of the inferences whose ground truth (outcome)"
                + " has arrived", "suppressed when the labelled or unlabelled count is masked or 1..threshold-1"));
        e.add(new Entry("decisions", "usage", "integer", "decisions", "Clinician decisions on AI outputs (viewed + accepted +"
                + " overridden + ignored)", COUNT_RULE));
        e.add(new Entry("accepted", "usage", "integer", "decisions", "AI outputs accepted", COUNT_RULE));
        e.add(new Entry("overridden", "usage", "integer", "decisions", "AI outputs overridden by the clinician", COUNT_RULE));
        e.add(new Entry("ignored", "usage", "integer", "decisions", "AI outputs ignored", COUNT_RULE));
        e.add(new Entry("acceptedRate", "usage", "number 0..1", "share", "accepted / decisions", "suppressed with its counts,"
                + " or when the complement is 1..threshold-1"));
        e.add(new Entry("overriddenRate", "usage", "number 0..1", "share", "overridden / decisions", "as acceptedRate"));
        e.add(new Entry("ignoredRate", "usage", "number 0..1", "share", "ignored / decisions", "as acceptedRate"));
        e.add(new Entry("latencyP50Ms", "usage", "number", "ms", "Median inference latency (KLL sketch, rank error ~1.3 %);"
                + " only for device-level groupings", "suppressed under threshold samples"));
        e.add(new Entry("latencyP95Ms", "usage", "number", "ms", "95th percentile of inference latency", "as latencyP50Ms"));
        e.add(new Entry("activeSites", "adoption", "integer", "sites", "Distinct sites with at least one inference in the"
                + " bucket (sites using AI)", "distinct count: shown when 0 or at least the threshold"));
        e.add(new Entry("activeDevices", "adoption", "integer", "devices", "Distinct devices with at least one inference",
                "as activeSites"));
        e.add(new Entry("energyKwh", "energy", "number", "kWh", "Energy: measured joules / 3.6e6 where sent, else runtime ×"
                + " (cores × W per core × usage + memory GB × 0.3725 W/GB) × PUE (Green Algorithms)",
                "suppressed with inferences"));
        e.add(new Entry("carbonGramsCo2e", "energy", "number", "gCO2e", "energyKwh × grid carbon intensity of the device's"
                + " country (FR 21.7 gCO2e/kWh, 2024; world 475; configurable)", "suppressed with inferences"));
        e.add(new Entry("energyKwhPer1000Inferences", "energy", "number", "kWh per 1,000 inferences", "energyKwh / inferences"
                + " with an energy figure × 1000", "suppressed with inferences"));
        e.add(new Entry("carbonGramsCo2ePer1000Inferences", "energy", "number", "gCO2e per 1,000 inferences",
                "carbonGramsCo2e / inferences with an energy figure × 1000", "suppressed with inferences"));
        e.add(new Entry("alerts", "alerts/summary", "integer", "alerts", "Alerts first seen in the bucket", COUNT_RULE));
        e.add(new Entry("driftSignals", "alerts/summary", "integer", "signals", "Drift, performance and bias signals detected",
                COUNT_RULE));
        e.add(new Entry("fieldReports", "alerts/summary", "integer", "reports", "Field reports by professionals and patients",
                COUNT_RULE));
        e.add(new Entry("current.openAlerts / openObligations / overdueObligations", "alerts/summary (JSON)", "integer",
                "alerts, obligations", "Open alerts by kind and severity; open and overdue regulatory obligations by"
                + " regulation, now", COUNT_RULE));
        e.add(new Entry("<count>Suppressed", ALL, "boolean", "", "true when the count (or figure) beside it is withheld",
                "public"));
        return new DataDictionary("Vigie observatory of AI usage in health — open data", "Counts from 1 to " + (threshold - 1)
                + " are masked (French rule: effectifs inférieurs à " + threshold + "); secondary suppression so that no"
                + " masked count can be rebuilt from totals, subtotals or another query (per-day tables; a week or month is"
                + " shown only if all its days are). Rates and figures derived from a masked count are masked. Zero is shown."
                + " Authorities and administrators see exact counts.", threshold, List.copyOf(e));
    }

    private static String dimensionDescription(Dimension d) {
        return switch (d) {
            case REGION -> "ARS region (INSEE code) of the site";
            case SITE -> "Site (FINESS number); published under its region";
            case SITE_TYPE -> "Type of site (e.g. chu, ch, clinic)";
            case SPECIALTY -> "Clinical specialty of the user (usage only)";
            case USE_CASE -> "Use case of the device (themes of the 2025 strategy)";
            case RISK_CLASS -> "EU MDR risk class (I, IIa, IIb, III)";
            case MANUFACTURER -> "Manufacturer identifier";
            case DEVICE -> "Device identifier; published under its manufacturer";
            case MODEL_VERSION -> "Model version; published under its device";
            case KIND -> "Alert or signal kind";
            case SEVERITY -> "Alert or signal severity";
            case STATUS -> "Alert status";
            case CATEGORY -> "Field report category";
            case HARM -> "Harm reported";
        };
    }

    List<Map<String, Object>> asRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Entry e : columns) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("column", e.column());
            row.put("endpoints", e.endpoints());
            row.put("type", e.type());
            row.put("unit", e.unit());
            row.put("description", e.description());
            row.put("disclosure", e.disclosure());
            rows.add(row);
        }
        return rows;
    }
}
