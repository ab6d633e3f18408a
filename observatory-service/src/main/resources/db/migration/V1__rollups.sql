-- Observatory rollups. Every telemetry event is applied once by its eventId (see RollupWriter for why),
-- then counted into hourly and daily rollups keyed by device, model version, site and region. Use case,
-- risk class and manufacturer come from the registration of (device, version); site type from the site
-- register: dimensions joined at query time, so a late registration still classifies earlier events.

-- Registrations: one row per device and model version, latest registration wins.
CREATE TABLE device_version (
    device_id        text        NOT NULL,
    model_version    text        NOT NULL,
    manufacturer_id  text        NOT NULL,
    device_name      text,
    use_case         text        NOT NULL,
    risk_class       text        NOT NULL,
    -- Facility power while inferring (W), from the registered energy profile (Green Algorithms); null if none.
    power_watts      double precision,
    energy_country   text,
    registered_at    timestamptz NOT NULL,
    PRIMARY KEY (device_id, model_version)
);

-- Sites as seen in telemetry (FINESS number, ARS region, site type).
CREATE TABLE site (
    site_id    text PRIMARY KEY,
    region     text NOT NULL,
    site_type  text NOT NULL,
    seen_at    timestamptz NOT NULL
);

-- Idempotency: every applied usage, outcome and feedback eventId and drift signalId. Kept for longer than the
-- telemetry topics keep their records (35 days) and than ingest accepts late events (30 days).
CREATE TABLE event_seen (
    event_id    uuid PRIMARY KEY,
    applied_on  date NOT NULL DEFAULT current_date
);
CREATE INDEX event_seen_applied_on ON event_seen (applied_on);

-- Idempotency for inferences, and where each one was counted, so that its outcome (which names the inference
-- but not the site) adds to the labelled count of the same cell, once.
CREATE TABLE inference_seen (
    event_id       uuid PRIMARY KEY,
    hour           timestamptz NOT NULL,
    device_id      text NOT NULL,
    model_version  text NOT NULL,
    site_id        text NOT NULL,
    region         text NOT NULL,
    labelled       boolean NOT NULL DEFAULT false,
    applied_on     date NOT NULL DEFAULT current_date
);
CREATE INDEX inference_seen_applied_on ON inference_seen (applied_on);

-- Outcomes that arrived before their inference: applied when the inference comes.
CREATE TABLE outcome_pending (
    inference_event_id uuid PRIMARY KEY,
    applied_on         date NOT NULL DEFAULT current_date
);

-- Inference rollups. Energy: measured joules where the device sent them; otherwise the runtime (latency) of
-- the inferences that carried one, to be multiplied by the registered power (Green Algorithms).
CREATE TABLE inference_hour (
    bucket                 timestamptz NOT NULL,
    device_id              text NOT NULL,
    model_version          text NOT NULL,
    site_id                text NOT NULL,
    region                 text NOT NULL,
    inferences             bigint NOT NULL,
    labelled               bigint NOT NULL,
    measured               bigint NOT NULL,
    measured_joules        double precision NOT NULL,
    unmeasured_timed       bigint NOT NULL,
    unmeasured_runtime_ms  double precision NOT NULL,
    PRIMARY KEY (bucket, device_id, model_version, site_id, region)
);
CREATE TABLE inference_day (LIKE inference_hour INCLUDING ALL);

-- What clinicians did with AI outputs.
CREATE TABLE usage_hour (
    bucket         timestamptz NOT NULL,
    device_id      text NOT NULL,
    model_version  text NOT NULL,
    site_id        text NOT NULL,
    region         text NOT NULL,
    specialty      text NOT NULL,
    viewed         bigint NOT NULL,
    accepted       bigint NOT NULL,
    overridden     bigint NOT NULL,
    ignored        bigint NOT NULL,
    PRIMARY KEY (bucket, device_id, model_version, site_id, region, specialty)
);
CREATE TABLE usage_day (LIKE usage_hour INCLUDING ALL);

-- Field reports by category and harm.
CREATE TABLE feedback_hour (
    bucket         timestamptz NOT NULL,
    device_id      text NOT NULL,
    model_version  text NOT NULL,
    site_id        text NOT NULL,
    region         text NOT NULL,
    category       text NOT NULL,
    harm           text NOT NULL,
    reports        bigint NOT NULL,
    PRIMARY KEY (bucket, device_id, model_version, site_id, region, category, harm)
);
CREATE TABLE feedback_day (LIKE feedback_hour INCLUDING ALL);

-- Latency: a KLL sketch (DataSketches) per device version and bucket; mergeable across buckets and versions.
CREATE TABLE latency_hour (
    bucket         timestamptz NOT NULL,
    device_id      text NOT NULL,
    model_version  text NOT NULL,
    n              bigint NOT NULL,
    sketch         bytea NOT NULL,
    p50_ms         double precision,
    p95_ms         double precision,
    PRIMARY KEY (bucket, device_id, model_version)
);
CREATE TABLE latency_day (LIKE latency_hour INCLUDING ALL);

-- Drift signals, one row each (idempotent by signalId): few, and the device dashboard shows their evidence.
CREATE TABLE drift_signal (
    signal_id       uuid PRIMARY KEY,
    device_id       text NOT NULL,
    model_version   text NOT NULL,
    site_id         text,
    kind            text NOT NULL,
    severity        text NOT NULL,
    metric          text,
    feature         text,
    subgroup        text,
    statistic       text,
    value           double precision NOT NULL,
    claim           double precision,
    lower_bound     double precision,
    upper_bound     double precision,
    p_value         double precision,
    sample_n        bigint,
    labelled_share  double precision,
    estimate        boolean NOT NULL,
    detected_at     timestamptz NOT NULL
);
CREATE INDEX drift_signal_device ON drift_signal (device_id, detected_at);
CREATE INDEX drift_signal_detected ON drift_signal (detected_at);

-- Alerts: the latest revision of each (the topic is compacted; an older revision never overwrites a newer one).
CREATE TABLE alert_state (
    alert_id         uuid PRIMARY KEY,
    revision         bigint NOT NULL,
    device_id        text NOT NULL,
    model_version    text,
    manufacturer_id  text,
    kind             text NOT NULL,
    severity         text NOT NULL,
    status           text NOT NULL,
    first_seen       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX alert_state_first_seen ON alert_state (first_seen);

CREATE TABLE alert_obligation (
    alert_id        uuid NOT NULL REFERENCES alert_state (alert_id) ON DELETE CASCADE,
    position        int NOT NULL,
    regulation      text NOT NULL,
    article         text,
    authority       text,
    deadline        timestamptz NOT NULL,
    ethics_channel  boolean NOT NULL,
    PRIMARY KEY (alert_id, position)
);

-- Grid carbon intensity by country (gCO2e/kWh), written from configuration at start-up for the SQL views.
CREATE TABLE grid_intensity (
    country        text PRIMARY KEY,
    grams_per_kwh  double precision NOT NULL
);
