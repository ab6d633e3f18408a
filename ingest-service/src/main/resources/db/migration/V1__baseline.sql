-- Device registry: one row per device and model version. Versions are never updated nor deleted, so that
-- monitoring can compare versions and an earlier version stays readable after an update.
create table device_version (
    id              uuid primary key,
    device_id       text        not null,
    model_version   text        not null,
    manufacturer_id text        not null,
    jurisdictions   text        not null,          -- comma-separated ISO 3166-1 codes, for scoping
    registration    text        not null,          -- the DeviceRegistration document as published
    registered_at   timestamptz not null,
    constraint device_version_unique unique (device_id, model_version)
);
create index device_version_manufacturer on device_version (manufacturer_id);

-- Device credentials issued by this service. Only the token id (jti) is kept, never the token itself.
create table device_token (
    jti             uuid primary key,
    device_id       text        not null,
    manufacturer_id text        not null,
    issued_at       timestamptz not null,
    expires_at      timestamptz not null,
    revoked_at      timestamptz
);
create index device_token_device on device_token (device_id);

-- Idempotency ledger: the eventIds already written to Kafka. The primary key is the dedup mechanism
-- (see EventLedger). Rows are purged once their event time is past the ingest horizon: an event that old is
-- refused by the time window before dedup is consulted, so its row can no longer matter. Storage is bounded
-- by (accepted events per day) x (horizon in days).
create table seen_event (
    event_id    uuid primary key,
    device_id   text        not null,
    event_time  timestamptz not null,
    accepted_at timestamptz not null default now()
);
create index seen_event_time on seen_event (event_time);
