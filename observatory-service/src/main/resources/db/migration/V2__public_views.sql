-- What Grafana (and any other reader without exact-count rights) may read: views in observatory_views that
-- apply small-cell suppression in SQL, and a role, vigie_grafana, that can read only them. Its password is
-- set at start-up from configuration (VIGIE_GRAFANA_DB_PASSWORD), never here.
--
-- The suppression rule of the views, per published table "one measure, one day, one dimension (under one
-- parent)":
--   primary    a count in 1..threshold-1 is NULL and flagged suppressed (zero is shown);
--   secondary  when a table has a primary cell (or its parent cell is itself suppressed), its smallest
--              non-zero cells are suppressed until at least two are and they add up to at least the
--              threshold — so no suppressed cell is "total minus the others", and the suppressed cells
--              together never reveal a small group. The parent cell (the day's national figure, the
--              device of a version, the region of a site) is the known total of its children.
-- A reader who sums suppressed daily cells over a range must suppress the sum (the dashboards do:
-- "bool_or(suppressed)"). The threshold is the one configured for the service (observatory.disclosure).

CREATE SCHEMA IF NOT EXISTS observatory_views;

CREATE TABLE observatory.disclosure (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    threshold  int NOT NULL CHECK (threshold >= 1)
);
INSERT INTO observatory.disclosure (threshold) VALUES (11);

CREATE FUNCTION observatory_views.is_suppressed(n numeric, protect boolean, rank_nonzero bigint, before numeric,
                                                threshold int)
    RETURNS boolean LANGUAGE sql IMMUTABLE AS
$$ SELECT n BETWEEN 1 AND threshold - 1 OR (protect AND n > 0 AND (rank_nonzero <= 2 OR before < threshold)) $$;

-- Every additive count the public views publish, by measure, day, dimension and value. 'parent' is '' for a
-- dimension directly under the national total, else the parent's value (device of a version, region of a site).
CREATE VIEW observatory.count_cells AS
WITH inf AS (
    SELECT i.bucket::date AS day, i.device_id, i.model_version, i.site_id, i.region, i.inferences,
           coalesce(s.site_type, 'unknown') AS site_type, coalesce(d.use_case, 'unregistered') AS use_case,
           coalesce(d.risk_class, 'unregistered') AS risk_class, coalesce(d.manufacturer_id, 'unregistered') AS manufacturer
    FROM observatory.inference_day i
    LEFT JOIN observatory.site s ON s.site_id = i.site_id
    LEFT JOIN observatory.device_version d ON d.device_id = i.device_id AND d.model_version = i.model_version
), dec AS (
    SELECT u.bucket::date AS day, u.device_id, u.model_version, u.region, u.specialty,
           coalesce(d.use_case, 'unregistered') AS use_case, u.viewed + u.accepted + u.overridden + u.ignored AS n
    FROM observatory.usage_day u
    LEFT JOIN observatory.device_version d ON d.device_id = u.device_id AND d.model_version = u.model_version
), rep AS (
    SELECT f.bucket::date AS day, f.device_id, f.region, f.category, f.harm, f.reports AS n
    FROM observatory.feedback_day f
)
SELECT 'inferences' AS measure, day, 'national' AS dimension, '' AS parent, 'all' AS dim_value, sum(inferences) AS n FROM inf GROUP BY day
UNION ALL SELECT 'inferences', day, 'region', '', region, sum(inferences) FROM inf GROUP BY day, region
UNION ALL SELECT 'inferences', day, 'site_type', '', site_type, sum(inferences) FROM inf GROUP BY day, site_type
UNION ALL SELECT 'inferences', day, 'use_case', '', use_case, sum(inferences) FROM inf GROUP BY day, use_case
UNION ALL SELECT 'inferences', day, 'risk_class', '', risk_class, sum(inferences) FROM inf GROUP BY day, risk_class
UNION ALL SELECT 'inferences', day, 'manufacturer', '', manufacturer, sum(inferences) FROM inf GROUP BY day, manufacturer
UNION ALL SELECT 'inferences', day, 'device', '', device_id, sum(inferences) FROM inf GROUP BY day, device_id
UNION ALL SELECT 'inferences', day, 'model_version', device_id, model_version, sum(inferences) FROM inf GROUP BY day, device_id, model_version
UNION ALL SELECT 'inferences', day, 'site', region, site_id, sum(inferences) FROM inf GROUP BY day, region, site_id
UNION ALL SELECT 'decisions', day, 'national', '', 'all', sum(n) FROM dec GROUP BY day
UNION ALL SELECT 'decisions', day, 'region', '', region, sum(n) FROM dec GROUP BY day, region
UNION ALL SELECT 'decisions', day, 'specialty', '', specialty, sum(n) FROM dec GROUP BY day, specialty
UNION ALL SELECT 'decisions', day, 'use_case', '', use_case, sum(n) FROM dec GROUP BY day, use_case
UNION ALL SELECT 'decisions', day, 'device', '', device_id, sum(n) FROM dec GROUP BY day, device_id
UNION ALL SELECT 'decisions', day, 'model_version', device_id, model_version, sum(n) FROM dec GROUP BY day, device_id, model_version
UNION ALL SELECT 'field_reports', day, 'national', '', 'all', sum(n) FROM rep GROUP BY day
UNION ALL SELECT 'field_reports', day, 'region', '', region, sum(n) FROM rep GROUP BY day, region
UNION ALL SELECT 'field_reports', day, 'category', '', category, sum(n) FROM rep GROUP BY day, category
UNION ALL SELECT 'field_reports', day, 'harm', '', harm, sum(n) FROM rep GROUP BY day, harm
UNION ALL SELECT 'field_reports', day, 'device', '', device_id, sum(n) FROM rep GROUP BY day, device_id
UNION ALL SELECT 'drift_signals', detected_at::date, 'national', '', 'all', count(*) FROM observatory.drift_signal GROUP BY 2
UNION ALL SELECT 'drift_signals', detected_at::date, 'kind', '', kind, count(*) FROM observatory.drift_signal GROUP BY 2, 5
UNION ALL SELECT 'drift_signals', detected_at::date, 'severity', '', severity, count(*) FROM observatory.drift_signal GROUP BY 2, 5
UNION ALL SELECT 'drift_signals', detected_at::date, 'device', '', device_id, count(*) FROM observatory.drift_signal GROUP BY 2, 5
UNION ALL SELECT 'alerts', first_seen::date, 'national', '', 'all', count(*) FROM observatory.alert_state GROUP BY 2
UNION ALL SELECT 'alerts', first_seen::date, 'kind', '', kind, count(*) FROM observatory.alert_state GROUP BY 2, 5
UNION ALL SELECT 'alerts', first_seen::date, 'severity', '', severity, count(*) FROM observatory.alert_state GROUP BY 2, 5;

-- Rank of each cell within its table, for the secondary rule.
CREATE VIEW observatory.count_ranked AS
SELECT c.measure, c.day, c.dimension, c.parent, c.dim_value, c.n, t.threshold,
       count(*) FILTER (WHERE c.n BETWEEN 1 AND t.threshold - 1) OVER w AS primaries,
       count(*) FILTER (WHERE c.n > 0) OVER (w ORDER BY c.n, c.dim_value ROWS UNBOUNDED PRECEDING) AS rank_nonzero,
       coalesce(sum(c.n) OVER (w ORDER BY c.n, c.dim_value ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
FROM observatory.count_cells c CROSS JOIN observatory.disclosure t
WINDOW w AS (PARTITION BY c.measure, c.day, c.dimension, c.parent);

CREATE VIEW observatory.count_top AS
SELECT r.*, observatory_views.is_suppressed(r.n, r.primaries > 0, r.rank_nonzero, r.before, r.threshold) AS suppressed
FROM observatory.count_ranked r WHERE r.parent = '';

-- The public daily counts: value is NULL when suppressed. Computed here, materialized below.
CREATE VIEW observatory.daily_counts_live AS
SELECT measure, day, dimension, parent, dim_value, CASE WHEN suppressed THEN NULL ELSE n END AS value, suppressed
FROM observatory.count_top
UNION ALL
SELECT r.measure, r.day, r.dimension, r.parent, r.dim_value, CASE WHEN x.suppressed THEN NULL ELSE r.n END, x.suppressed
FROM observatory.count_ranked r
JOIN observatory.count_top p ON p.measure = r.measure AND p.day = r.day AND p.parent = ''
     AND p.dimension = CASE r.dimension WHEN 'model_version' THEN 'device' WHEN 'site' THEN 'region' END
     AND p.dim_value = r.parent
CROSS JOIN LATERAL (SELECT observatory_views.is_suppressed(r.n, r.primaries > 0 OR p.suppressed, r.rank_nonzero,
                                                           r.before, r.threshold) AS suppressed) x
WHERE r.parent <> '';

-- Materialized: the suppression of a whole day's tables is computed once per refresh (ViewRefresh, every
-- vigie.observatory.views-refresh-seconds), not on every dashboard query. Grafana reads what was refreshed.
CREATE MATERIALIZED VIEW observatory_views.daily_counts AS SELECT * FROM observatory.daily_counts_live;
CREATE UNIQUE INDEX daily_counts_key ON observatory_views.daily_counts (measure, day, dimension, parent, dim_value);
CREATE INDEX daily_counts_lookup ON observatory_views.daily_counts (measure, dimension, parent, day);

-- Accepted / overridden / ignored rates per published decisions cell. An action's rate is suppressed when the
-- decisions are, when the action count or its complement is 1..threshold-1, and by the secondary rule among the
-- four actions (viewed included), so that no action is "decisions minus the others".
CREATE VIEW observatory.usage_cells AS
WITH dec AS (
    SELECT u.bucket::date AS day, u.device_id, u.model_version, u.region, u.specialty,
           coalesce(d.use_case, 'unregistered') AS use_case, u.viewed, u.accepted, u.overridden, u.ignored
    FROM observatory.usage_day u
    LEFT JOIN observatory.device_version d ON d.device_id = u.device_id AND d.model_version = u.model_version
)
SELECT day, 'national' AS dimension, '' AS parent, 'all' AS dim_value, sum(viewed) AS viewed, sum(accepted) AS accepted, sum(overridden) AS overridden, sum(ignored) AS ignored FROM dec GROUP BY day
UNION ALL SELECT day, 'region', '', region, sum(viewed), sum(accepted), sum(overridden), sum(ignored) FROM dec GROUP BY day, region
UNION ALL SELECT day, 'specialty', '', specialty, sum(viewed), sum(accepted), sum(overridden), sum(ignored) FROM dec GROUP BY day, specialty
UNION ALL SELECT day, 'use_case', '', use_case, sum(viewed), sum(accepted), sum(overridden), sum(ignored) FROM dec GROUP BY day, use_case
UNION ALL SELECT day, 'device', '', device_id, sum(viewed), sum(accepted), sum(overridden), sum(ignored) FROM dec GROUP BY day, device_id
UNION ALL SELECT day, 'model_version', device_id, model_version, sum(viewed), sum(accepted), sum(overridden), sum(ignored) FROM dec GROUP BY day, device_id, model_version;

CREATE VIEW observatory.daily_usage_rates_live AS
WITH actions AS (
    SELECT u.day, u.dimension, u.parent, u.dim_value, p.value AS decisions, p.suppressed AS decisions_suppressed,
           a.action, a.n, t.threshold
    FROM observatory.usage_cells u
    JOIN observatory_views.daily_counts p ON p.measure = 'decisions' AND p.day = u.day AND p.dimension = u.dimension
         AND p.parent = u.parent AND p.dim_value = u.dim_value
    CROSS JOIN observatory.disclosure t
    CROSS JOIN LATERAL (VALUES ('viewed', u.viewed), ('accepted', u.accepted), ('overridden', u.overridden),
                               ('ignored', u.ignored)) a(action, n)
), ranked AS (
    SELECT a.*,
           count(*) FILTER (WHERE a.n BETWEEN 1 AND a.threshold - 1) OVER w AS primaries,
           count(*) FILTER (WHERE a.n > 0) OVER (w ORDER BY a.n, a.action ROWS UNBOUNDED PRECEDING) AS rank_nonzero,
           coalesce(sum(a.n) OVER (w ORDER BY a.n, a.action ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
    FROM actions a
    WINDOW w AS (PARTITION BY a.day, a.dimension, a.parent, a.dim_value)
), judged AS (
    SELECT r.*, r.decisions_suppressed
                OR observatory_views.is_suppressed(r.n, r.primaries > 0, r.rank_nonzero, r.before, r.threshold)
                OR (r.decisions - r.n) BETWEEN 1 AND r.threshold - 1 AS suppressed
    FROM ranked r
)
SELECT day, dimension, parent, dim_value, max(decisions) AS decisions, bool_or(decisions_suppressed) AS decisions_suppressed,
       max(CASE WHEN action = 'accepted' AND NOT suppressed AND decisions > 0 THEN n::double precision / decisions END) AS accepted_rate,
       max(CASE WHEN action = 'overridden' AND NOT suppressed AND decisions > 0 THEN n::double precision / decisions END) AS overridden_rate,
       max(CASE WHEN action = 'ignored' AND NOT suppressed AND decisions > 0 THEN n::double precision / decisions END) AS ignored_rate,
       bool_or(suppressed AND action <> 'viewed') AS rates_suppressed
FROM judged GROUP BY day, dimension, parent, dim_value;

CREATE MATERIALIZED VIEW observatory_views.daily_usage_rates AS SELECT * FROM observatory.daily_usage_rates_live;
CREATE UNIQUE INDEX daily_usage_rates_key ON observatory_views.daily_usage_rates (day, dimension, parent, dim_value);

-- Label completeness per device version and day: the share of inferences whose ground truth has arrived,
-- suppressed with the inference count, or when the labelled or the unlabelled part is 1..threshold-1.
CREATE VIEW observatory_views.daily_labelled_share AS
SELECT c.day, c.parent AS device_id, c.dim_value AS model_version, c.value AS inferences,
       CASE WHEN c.suppressed OR l.labelled BETWEEN 1 AND t.threshold - 1
                 OR (l.inferences - l.labelled) BETWEEN 1 AND t.threshold - 1 OR l.inferences = 0
            THEN NULL ELSE l.labelled::double precision / l.inferences END AS labelled_share,
       c.suppressed OR l.labelled BETWEEN 1 AND t.threshold - 1
                 OR (l.inferences - l.labelled) BETWEEN 1 AND t.threshold - 1 AS suppressed
FROM observatory_views.daily_counts c
JOIN (SELECT bucket::date AS day, device_id, model_version, sum(inferences) AS inferences, sum(labelled) AS labelled
      FROM observatory.inference_day GROUP BY 1, 2, 3) l
  ON l.day = c.day AND l.device_id = c.parent AND l.model_version = c.dim_value
CROSS JOIN observatory.disclosure t
WHERE c.measure = 'inferences' AND c.dimension = 'model_version';

-- Energy and carbon per device version and day (Green Algorithms): measured joules where sent, otherwise
-- runtime × registered facility power; carbon with the grid intensity of the device's country (else FR,
-- else the world average). Suppressed with the inference count it is derived from.
CREATE VIEW observatory.energy_cells AS
SELECT i.bucket::date AS day, i.device_id, i.model_version,
       sum(i.inferences) AS inferences,
       sum(i.measured) + CASE WHEN max(d.power_watts) IS NULL THEN 0 ELSE sum(i.unmeasured_timed) END AS estimated_inferences,
       (sum(i.measured_joules) / 3.6e6)
         + coalesce(max(d.power_watts) * sum(i.unmeasured_runtime_ms) / 3.6e6 / 1000.0, 0) AS kwh,
       coalesce((SELECT g.grams_per_kwh FROM observatory.grid_intensity g WHERE g.country = upper(max(d.energy_country))),
                (SELECT g.grams_per_kwh FROM observatory.grid_intensity g WHERE g.country = 'DEFAULT'), 475.0) AS grams_per_kwh
FROM observatory.inference_day i
LEFT JOIN observatory.device_version d ON d.device_id = i.device_id AND d.model_version = i.model_version
GROUP BY 1, 2, 3;

CREATE VIEW observatory_views.daily_energy AS
SELECT e.day, e.device_id, e.model_version, c.value AS inferences,
       CASE WHEN c.suppressed THEN NULL ELSE e.kwh END AS kwh,
       CASE WHEN c.suppressed THEN NULL ELSE e.kwh * e.grams_per_kwh END AS grams_co2e,
       CASE WHEN c.suppressed OR e.estimated_inferences = 0 THEN NULL ELSE e.kwh / e.estimated_inferences * 1000 END AS kwh_per_1000,
       CASE WHEN c.suppressed OR e.estimated_inferences = 0 THEN NULL
            ELSE e.kwh * e.grams_per_kwh / e.estimated_inferences * 1000 END AS grams_co2e_per_1000,
       e.grams_per_kwh, c.suppressed
FROM observatory.energy_cells e
JOIN observatory_views.daily_counts c ON c.measure = 'inferences' AND c.dimension = 'model_version' AND c.day = e.day
     AND c.parent = e.device_id AND c.dim_value = e.model_version;

-- Latency quantiles per device version and day (from the KLL sketches), suppressed under threshold samples.
CREATE VIEW observatory_views.daily_latency AS
SELECT l.bucket::date AS day, l.device_id, l.model_version,
       CASE WHEN l.n BETWEEN 1 AND t.threshold - 1 THEN NULL ELSE l.p50_ms END AS p50_ms,
       CASE WHEN l.n BETWEEN 1 AND t.threshold - 1 THEN NULL ELSE l.p95_ms END AS p95_ms,
       l.n BETWEEN 1 AND t.threshold - 1 AS suppressed
FROM observatory.latency_day l CROSS JOIN observatory.disclosure t;

-- Distinct counts (active sites and devices, adoption) are not sums of their parts: no secondary rule applies;
-- a distinct count is shown when it is zero or at least the threshold.
CREATE VIEW observatory_views.daily_adoption AS
SELECT a.day, a.region, a.use_case,
       CASE WHEN a.sites BETWEEN 1 AND t.threshold - 1 THEN NULL ELSE a.sites END AS sites,
       CASE WHEN a.devices BETWEEN 1 AND t.threshold - 1 THEN NULL ELSE a.devices END AS devices,
       a.sites BETWEEN 1 AND t.threshold - 1 AS sites_suppressed,
       a.devices BETWEEN 1 AND t.threshold - 1 AS devices_suppressed
FROM (SELECT i.bucket::date AS day, i.region, coalesce(d.use_case, 'unregistered') AS use_case,
             count(DISTINCT i.site_id) AS sites, count(DISTINCT i.device_id) AS devices
      FROM observatory.inference_day i
      LEFT JOIN observatory.device_version d ON d.device_id = i.device_id AND d.model_version = i.model_version
      WHERE i.inferences > 0
      GROUP BY GROUPING SETS ((1, 2, 3), (1, 2), (1, 3), (1))) a
CROSS JOIN observatory.disclosure t;

-- Drift and performance evidence for the device dashboard: statistics, not counts; the sample size is hidden
-- when it is 1..threshold-1.
CREATE VIEW observatory_views.drift_evidence AS
SELECT s.detected_at, s.device_id, s.model_version, s.kind, s.severity, s.metric, s.feature, s.subgroup, s.statistic,
       s.value, s.claim, s.lower_bound, s.upper_bound, s.p_value, s.labelled_share, s.estimate,
       CASE WHEN s.sample_n BETWEEN 1 AND t.threshold - 1 THEN NULL ELSE s.sample_n END AS sample_n
FROM observatory.drift_signal s CROSS JOIN observatory.disclosure t;

-- Alerts and obligations now: open alerts by kind and severity, open and overdue obligations by regulation,
-- with the same primary and secondary rule.
CREATE VIEW observatory.current_cells AS
SELECT 'open_alerts' AS measure, 'kind' AS dimension, kind AS dim_value, count(*) AS n
  FROM observatory.alert_state WHERE status <> 'resolved' GROUP BY kind
UNION ALL SELECT 'open_alerts', 'severity', severity, count(*) FROM observatory.alert_state WHERE status <> 'resolved' GROUP BY severity
UNION ALL SELECT 'open_alerts', 'national', 'all', count(*) FROM observatory.alert_state WHERE status <> 'resolved'
UNION ALL SELECT 'open_obligations', 'regulation', o.regulation, count(*) FROM observatory.alert_obligation o
  JOIN observatory.alert_state a ON a.alert_id = o.alert_id WHERE a.status <> 'resolved' GROUP BY o.regulation
UNION ALL SELECT 'open_obligations', 'national', 'all', count(*) FROM observatory.alert_obligation o
  JOIN observatory.alert_state a ON a.alert_id = o.alert_id WHERE a.status <> 'resolved'
UNION ALL SELECT 'overdue_obligations', 'regulation', o.regulation, count(*) FROM observatory.alert_obligation o
  JOIN observatory.alert_state a ON a.alert_id = o.alert_id WHERE a.status <> 'resolved' AND o.deadline < now() GROUP BY o.regulation
UNION ALL SELECT 'overdue_obligations', 'national', 'all', count(*) FROM observatory.alert_obligation o
  JOIN observatory.alert_state a ON a.alert_id = o.alert_id WHERE a.status <> 'resolved' AND o.deadline < now();

CREATE VIEW observatory_views.current_counts AS
SELECT measure, dimension, dim_value, CASE WHEN suppressed THEN NULL ELSE n END AS value, suppressed
FROM (SELECT r.*, observatory_views.is_suppressed(r.n, r.primaries > 0, r.rank_nonzero, r.before, r.threshold) AS suppressed
      FROM (SELECT c.*, t.threshold,
                   count(*) FILTER (WHERE c.n BETWEEN 1 AND t.threshold - 1) OVER w AS primaries,
                   count(*) FILTER (WHERE c.n > 0) OVER (w ORDER BY c.n, c.dim_value ROWS UNBOUNDED PRECEDING) AS rank_nonzero,
                   coalesce(sum(c.n) OVER (w ORDER BY c.n, c.dim_value ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
            FROM observatory.current_cells c CROSS JOIN observatory.disclosure t
            WINDOW w AS (PARTITION BY c.measure, c.dimension)) r) s;

-- Next deadlines of open obligations by regulation and authority, shown only where the open count is shown.
CREATE VIEW observatory_views.obligation_deadlines AS
SELECT o.regulation, coalesce(o.authority, 'unspecified') AS authority,
       CASE WHEN count(*) BETWEEN 1 AND t.threshold - 1 THEN NULL ELSE count(*) END AS open_obligations,
       CASE WHEN count(*) BETWEEN 1 AND t.threshold - 1 THEN NULL ELSE min(o.deadline) END AS next_deadline,
       count(*) BETWEEN 1 AND t.threshold - 1 AS suppressed
FROM observatory.alert_obligation o
JOIN observatory.alert_state a ON a.alert_id = o.alert_id
CROSS JOIN observatory.disclosure t
WHERE a.status <> 'resolved'
GROUP BY o.regulation, coalesce(o.authority, 'unspecified'), t.threshold;

-- The devices the dashboards can choose from (identifiers of registered or active devices are public).
CREATE VIEW observatory_views.devices AS
SELECT DISTINCT device_id FROM observatory.inference_day
UNION SELECT device_id FROM observatory.device_version;

DO $$
BEGIN
    CREATE ROLE vigie_grafana NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- roles are cluster-wide: another database of the cluster created it already
END $$;
ALTER ROLE vigie_grafana SET default_transaction_read_only = on;
ALTER ROLE vigie_grafana SET statement_timeout = '15s';
GRANT USAGE ON SCHEMA observatory_views TO vigie_grafana;
GRANT SELECT ON ALL TABLES IN SCHEMA observatory_views TO vigie_grafana;
GRANT EXECUTE ON FUNCTION observatory_views.is_suppressed(numeric, boolean, bigint, numeric, int) TO vigie_grafana;
