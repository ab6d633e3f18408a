# Generates dashboards/*.json (the files in git are what Grafana loads): python3 generate-dashboards.py
import json
PG={"type":"grafana-postgresql-datasource","uid":"vigie-postgres"}
PROM={"type":"prometheus","uid":"vigie-prometheus"}
SUPP_MAP=[{"type":"special","options":{"match":"null","result":{"text":"suppressed (< threshold)","color":"gray"}}}]
def dash(uid,title,desc,panels,variables=None):
    pid=1; y=0; out=[]; col=0
    for p in panels:
        p=dict(p); p["id"]=pid; pid+=1
        w=p.pop("w",12); h=p.pop("h",8)
        if w==24 and col==12: y+=8; col=0
        p["gridPos"]={"x":col,"y":y,"w":w,"h":h}
        col+=w
        if col>=24: col=0; y+=h
        out.append(p)
    return {"uid":uid,"title":title,"description":desc,"tags":["vigie"],"schemaVersion":39,"version":1,
            "editable":False,"time":{"from":"now-30d","to":"now"},"refresh":"5m","timezone":"utc",
            "templating":{"list":variables or []},"annotations":{"list":[]},"panels":out}
def sql(title,q,kind="table",desc=None,fmt=None,w=12):
    fmt=fmt or ("time_series" if kind=="timeseries" else "table")
    p={"title":title,"type":kind,"datasource":PG,"w":w,
       "targets":[{"refId":"A","datasource":PG,"editorMode":"code","format":fmt,"rawQuery":True,"rawSql":q}],
       "fieldConfig":{"defaults":{"mappings":SUPP_MAP},"overrides":[]}}
    if desc: p["description"]=desc
    return p
def prom(title,exprs,kind="timeseries",unit=None,desc=None):
    p={"title":title,"type":kind,"datasource":PROM,
       "targets":[{"refId":chr(65+i),"datasource":PROM,"expr":e,"legendFormat":l} for i,(e,l) in enumerate(exprs)],
       "fieldConfig":{"defaults":{"unit":unit} if unit else {},"overrides":[]}}
    if desc: p["description"]=desc
    return p
def over_range(measure,dimension,label,extra=""):
    return (f"SELECT dim_value AS {label}, CASE WHEN bool_or(suppressed) THEN NULL ELSE sum(value) END AS {measure},\n"
            f"       bool_or(suppressed) AS suppressed\nFROM observatory_views.daily_counts\n"
            f"WHERE measure = '{measure}' AND dimension = '{dimension}'{extra} AND $__timeFilter(day)\nGROUP BY dim_value ORDER BY 1")
def series(measure,dimension,extra=""):
    return (f"SELECT day::timestamptz AS time, dim_value AS metric, value\nFROM observatory_views.daily_counts\n"
            f"WHERE measure = '{measure}' AND dimension = '{dimension}'{extra} AND $__timeFilter(day)\nORDER BY 1, 2")
SUPP_NOTE="Counts from 1 to 10 are suppressed (shown as gaps or 'suppressed'), with secondary suppression; a sum over the range is suppressed when any of its days is."
PERF="kind IN ('performance_below_claim', 'estimated_performance_drop')"
def perf(col,suffix):
    return (f"SELECT detected_at AS time, model_version || ' ' || metric{suffix} AS metric, {col} AS value\nFROM observatory_views.drift_evidence\n"
            f"WHERE device_id = '$device' AND {PERF} AND $__timeFilter(detected_at)")
national=dash("vigie-national","Vigie — national observatory of AI usage",
  "Usage and adoption of AI devices by region, use case and device class, over time. "+SUPP_NOTE,[
  sql("Inferences per day (national)","SELECT day::timestamptz AS time, value AS inferences\nFROM observatory_views.daily_counts\nWHERE measure = 'inferences' AND dimension = 'national' AND $__timeFilter(day)\nORDER BY 1","timeseries"),
  sql("Inferences by region over the range",over_range("inferences","region","region"),desc=SUPP_NOTE),
  sql("Inferences by use case per day",series("inferences","use_case"),"timeseries"),
  sql("Inferences by risk class over the range",over_range("inferences","risk_class","risk_class")),
  sql("Inferences by site type over the range",over_range("inferences","site_type","site_type")),
  sql("Sites using AI, by region and use case (latest day in range)",
      "SELECT region, use_case, sites, sites_suppressed AS suppressed\nFROM observatory_views.daily_adoption\nWHERE region IS NOT NULL AND use_case IS NOT NULL\n  AND day = (SELECT max(day) FROM observatory_views.daily_adoption WHERE $__timeFilter(day))\nORDER BY 1, 2",
      desc="Distinct counts: shown when 0 or at least the threshold."),
  sql("Active sites and devices per day (national)","SELECT day::timestamptz AS time, sites AS active_sites, devices AS active_devices\nFROM observatory_views.daily_adoption\nWHERE region IS NULL AND use_case IS NULL AND $__timeFilter(day)\nORDER BY 1","timeseries"),
  sql("Clinician decisions: override and ignore rates by use case","SELECT day::timestamptz AS time, dim_value || ' overridden' AS metric, overridden_rate AS value\nFROM observatory_views.daily_usage_rates\nWHERE dimension = 'use_case' AND $__timeFilter(day)\nUNION ALL\nSELECT day::timestamptz, dim_value || ' ignored', ignored_rate\nFROM observatory_views.daily_usage_rates\nWHERE dimension = 'use_case' AND $__timeFilter(day)\nORDER BY 1, 2","timeseries"),
  sql("Accepted / overridden / ignored by region (range)","SELECT dim_value AS region,\n       CASE WHEN bool_or(rates_suppressed) THEN NULL ELSE sum(accepted_rate * decisions) / nullif(sum(decisions), 0) END AS accepted_rate,\n       CASE WHEN bool_or(rates_suppressed) THEN NULL ELSE sum(overridden_rate * decisions) / nullif(sum(decisions), 0) END AS overridden_rate,\n       CASE WHEN bool_or(rates_suppressed) THEN NULL ELSE sum(ignored_rate * decisions) / nullif(sum(decisions), 0) END AS ignored_rate,\n       bool_or(rates_suppressed) AS suppressed\nFROM observatory_views.daily_usage_rates\nWHERE dimension = 'region' AND $__timeFilter(day)\nGROUP BY dim_value ORDER BY 1"),
  sql("Suppressed cells in range","SELECT measure, count(*) FILTER (WHERE suppressed) AS suppressed_cells, count(*) AS cells\nFROM observatory_views.daily_counts\nWHERE $__timeFilter(day)\nGROUP BY measure ORDER BY 1",desc="How much of the published data is withheld."),
])
dev_var=[{"name":"device","label":"Device","type":"query","datasource":PG,"query":"SELECT device_id FROM observatory_views.devices ORDER BY 1","refresh":1,"includeAll":False,"multi":False}]
device=dash("vigie-device","Vigie — device surveillance",
  "One device: drift signals, performance against claim with confidence intervals, subgroup gaps, label completeness, versions side by side.",[
  sql("Drift and performance signals","SELECT detected_at AS time, model_version, kind, severity, coalesce(metric, feature) AS what, subgroup, statistic,\n       value, claim, lower_bound, upper_bound, p_value, sample_n\nFROM observatory_views.drift_evidence\nWHERE device_id = '$device' AND $__timeFilter(detected_at)\nORDER BY detected_at DESC",w=24),
  sql("Performance against claim (with interval)",perf("value","")+"\nUNION ALL\n"+perf("claim"," || ' claim'")+"\nUNION ALL\n"+perf("lower_bound"," || ' lower'")+"\nUNION ALL\n"+perf("upper_bound"," || ' upper'")+"\nORDER BY 1, 2","timeseries"),
  sql("Subgroup gaps","SELECT detected_at AS time, model_version, subgroup, metric, value AS gap, lower_bound, upper_bound, p_value, sample_n\nFROM observatory_views.drift_evidence\nWHERE device_id = '$device' AND kind = 'subgroup_gap' AND $__timeFilter(detected_at)\nORDER BY detected_at DESC"),
  sql("Label completeness by version","SELECT day::timestamptz AS time, model_version AS metric, labelled_share AS value\nFROM observatory_views.daily_labelled_share\nWHERE device_id = '$device' AND $__timeFilter(day)\nORDER BY 1, 2","timeseries"),
  sql("Inferences by version",series("inferences","model_version"," AND parent = '$device'"),"timeseries"),
  sql("Versions side by side (range)","WITH c AS (\n  SELECT dim_value AS model_version, CASE WHEN bool_or(suppressed) THEN NULL ELSE sum(value) END AS inferences,\n         bool_or(suppressed) AS suppressed\n  FROM observatory_views.daily_counts\n  WHERE measure = 'inferences' AND dimension = 'model_version' AND parent = '$device' AND $__timeFilter(day)\n  GROUP BY 1\n), r AS (\n  SELECT dim_value AS model_version, avg(overridden_rate) AS mean_daily_override_rate\n  FROM observatory_views.daily_usage_rates\n  WHERE dimension = 'model_version' AND parent = '$device' AND $__timeFilter(day)\n  GROUP BY 1\n), l AS (\n  SELECT model_version, avg(p95_ms) AS mean_daily_p95_ms\n  FROM observatory_views.daily_latency\n  WHERE device_id = '$device' AND $__timeFilter(day)\n  GROUP BY 1\n)\nSELECT c.model_version, c.inferences, r.mean_daily_override_rate, l.mean_daily_p95_ms, c.suppressed\nFROM c LEFT JOIN r USING (model_version) LEFT JOIN l USING (model_version)\nORDER BY 1"),
  sql("Latency p50 / p95 by version","SELECT day::timestamptz AS time, model_version || ' p95' AS metric, p95_ms AS value\nFROM observatory_views.daily_latency\nWHERE device_id = '$device' AND $__timeFilter(day)\nUNION ALL\nSELECT day::timestamptz, model_version || ' p50', p50_ms\nFROM observatory_views.daily_latency\nWHERE device_id = '$device' AND $__timeFilter(day)\nORDER BY 1, 2","timeseries"),
],dev_var)
alerts=dash("vigie-alerts","Vigie — alerts and regulatory obligations",
  "Open alerts, reporting deadlines (MDR Art. 87, AI Act Art. 73, FDA 21 CFR 803) and overdue obligations. "+SUPP_NOTE,[
  sql("Open alerts by kind","SELECT dim_value AS kind, value AS open_alerts, suppressed\nFROM observatory_views.current_counts\nWHERE measure = 'open_alerts' AND dimension = 'kind'\nORDER BY 1"),
  sql("Open alerts by severity","SELECT dim_value AS severity, value AS open_alerts, suppressed\nFROM observatory_views.current_counts\nWHERE measure = 'open_alerts' AND dimension = 'severity'\nORDER BY 1"),
  sql("Open and overdue obligations by regulation","SELECT dim_value AS regulation,\n       max(value) FILTER (WHERE measure = 'open_obligations') AS open_obligations,\n       bool_or(suppressed) FILTER (WHERE measure = 'open_obligations') AS open_suppressed,\n       max(value) FILTER (WHERE measure = 'overdue_obligations') AS overdue_obligations,\n       coalesce(bool_or(suppressed) FILTER (WHERE measure = 'overdue_obligations'), false) AS overdue_suppressed\nFROM observatory_views.current_counts\nWHERE measure IN ('open_obligations', 'overdue_obligations') AND dimension = 'regulation'\nGROUP BY dim_value ORDER BY 1"),
  sql("Next deadlines","SELECT regulation, authority, open_obligations, next_deadline, suppressed\nFROM observatory_views.obligation_deadlines\nORDER BY next_deadline NULLS LAST"),
  sql("New alerts per day by kind",series("alerts","kind"),"timeseries"),
  sql("Field reports by category (range)",over_range("field_reports","category","category")),
  sql("Field reports by harm (range)",over_range("field_reports","harm","harm")),
  prom("Overdue obligations (alert service)",[("max(vigie_alert_obligations_overdue)","overdue")]),
])
frugal=dash("vigie-frugal","Vigie — frugal AI: energy and carbon",
  "Energy (kWh) and carbon (gCO2e) per 1,000 inferences by device and version: measured joules where devices send them, else the Green Algorithms estimate; grid carbon intensity by country (France 21.7 gCO2e/kWh, 2024).",[
  sql("kWh per 1,000 inferences by device version","SELECT day::timestamptz AS time, device_id || ' ' || model_version AS metric, kwh_per_1000 AS value\nFROM observatory_views.daily_energy\nWHERE $__timeFilter(day)\nORDER BY 1, 2","timeseries"),
  sql("gCO2e per 1,000 inferences by device version","SELECT day::timestamptz AS time, device_id || ' ' || model_version AS metric, grams_co2e_per_1000 AS value\nFROM observatory_views.daily_energy\nWHERE $__timeFilter(day)\nORDER BY 1, 2","timeseries"),
  sql("Footprint by device and version (range)","SELECT device_id, model_version,\n       CASE WHEN bool_or(suppressed) THEN NULL ELSE sum(kwh) END AS kwh,\n       CASE WHEN bool_or(suppressed) THEN NULL ELSE sum(grams_co2e) END AS grams_co2e,\n       CASE WHEN bool_or(suppressed) THEN NULL ELSE sum(kwh) / nullif(sum(inferences), 0) * 1000 END AS kwh_per_1000_inferences,\n       max(grams_per_kwh) AS grid_g_per_kwh, bool_or(suppressed) AS suppressed\nFROM observatory_views.daily_energy\nWHERE $__timeFilter(day)\nGROUP BY device_id, model_version ORDER BY 1, 2",w=24),
  sql("Total energy and carbon per day","SELECT day::timestamptz AS time, sum(kwh) AS kwh, sum(grams_co2e) AS grams_co2e\nFROM observatory_views.daily_energy\nWHERE $__timeFilter(day) AND NOT suppressed\nGROUP BY day ORDER BY 1","timeseries",desc="Sum over device versions whose figures are published."),
])
platform=dash("vigie-platform","Vigie — platform health",
  "Ingest rate and errors, Kafka consumer lag, rollup and HTTP latency, JVM, for the four services.",[
  prom("Ingest rate by event type",[('sum by (type) (rate(vigie_ingest_events_total[5m]))',"{{type}}")],unit="reqps"),
  prom("Ingest rejections",[('sum by (type) (rate(vigie_ingest_events_total{outcome="rejected"}[5m]))',"{{type}}")],unit="reqps"),
  prom("Observatory: events applied",[('sum by (outcome) (rate(vigie_observatory_events_applied_total[5m]))',"{{outcome}}"),
       ('sum by (topic) (rate(vigie_observatory_events_rejected_total[5m]))',"rejected {{topic}}")],unit="reqps"),
  prom("Kafka consumer lag (records)",[('max by (job, client_id) (kafka_consumer_fetch_manager_records_lag_max)',"{{job}} {{client_id}}")]),
  prom("Observatory rollup batch p95",[('histogram_quantile(0.95, sum by (le) (rate(vigie_observatory_rollup_batch_seconds_bucket[5m])))',"p95")],unit="s"),
  prom("HTTP request latency p95",[('histogram_quantile(0.95, sum by (le, job) (rate(http_server_requests_seconds_bucket[5m])))',"{{job}}")],unit="s"),
  prom("JVM heap used",[('sum by (job) (jvm_memory_used_bytes{area="heap"})',"{{job}}")],unit="bytes"),
  prom("Services up",[('up{job=~"vigie-.*"}',"{{job}}")],kind="stat"),
])
for name,d in [("national-observatory",national),("device-surveillance",device),("alerts-obligations",alerts),("frugal-ai",frugal),("platform-health",platform)]:
    with open(f"dashboards/{name}.json","w") as f:
        json.dump(d,f,indent=2,ensure_ascii=False); f.write("\n")
