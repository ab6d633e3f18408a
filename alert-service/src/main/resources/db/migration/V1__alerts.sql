-- The alert service's tables, in schema "alert" (Flyway runs this as the schema owner).
-- Lists of country codes and ids are stored as ",A,B," text so that "contains X" is a plain LIKE '%,X,%'.

-- Registered devices, from the compacted registrations topic: who owns a device and where it is marketed.
CREATE TABLE device (
    device_id         text PRIMARY KEY,
    manufacturer_id   text        NOT NULL,
    udi_di            text,
    basic_udi_di      text,
    device_name       text,
    model_version     text,
    regulation        text        NOT NULL,
    jurisdictions     text        NOT NULL,
    updated_at        timestamptz NOT NULL
);

-- Idempotency: a message id (signalId, eventId) is written in the same transaction as its effects,
-- so a redelivered message finds its id and changes nothing.
CREATE TABLE processed_message (
    message_id   uuid PRIMARY KEY,
    source       text        NOT NULL,
    processed_at timestamptz NOT NULL
);

CREATE TABLE alert (
    alert_id        uuid PRIMARY KEY,
    fingerprint     text        NOT NULL UNIQUE,
    condition_key   text        NOT NULL,
    revision        bigint      NOT NULL,
    device_id       text        NOT NULL,
    model_version   text        NOT NULL,
    manufacturer_id text,
    jurisdictions   text        NOT NULL,
    kind            text        NOT NULL,
    severity        text        NOT NULL,
    severity_rank   int         NOT NULL,
    status          text        NOT NULL,
    title           text        NOT NULL,
    evidence        text        NOT NULL,
    harm            text,
    category        text,
    flags           text        NOT NULL,
    regulation      text        NOT NULL,
    first_seen      timestamptz NOT NULL,
    last_seen       timestamptz NOT NULL,
    occurrences     bigint      NOT NULL,
    reopenings      int         NOT NULL,
    awareness_date  timestamptz NOT NULL,
    acknowledged_at timestamptz,
    resolved_at     timestamptz,
    last_note       text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX alert_manufacturer ON alert (manufacturer_id, updated_at DESC);
CREATE INDEX alert_device ON alert (device_id);
CREATE INDEX alert_updated ON alert (updated_at DESC, alert_id);

CREATE TABLE subscription (
    subscription_id  uuid PRIMARY KEY,
    owner_role       text        NOT NULL,
    manufacturer_id  text,
    jurisdictions    text        NOT NULL,
    callback_url     text        NOT NULL,
    -- The HMAC key must be readable to sign; protect it at rest with the database's encryption.
    secret           text        NOT NULL,
    kinds            text        NOT NULL,
    min_severity     text        NOT NULL,
    device_ids       text        NOT NULL,
    manufacturer_ids text        NOT NULL,
    active           boolean     NOT NULL,
    created_at       timestamptz NOT NULL
);

-- The webhook outbox: one row per (alert revision, subscription), written in the transaction that changed the
-- alert. The worker leases the oldest pending row of each subscription, posts it, and records the outcome.
CREATE SEQUENCE delivery_seq INCREMENT BY 50;
CREATE TABLE delivery (
    seq              bigint PRIMARY KEY,
    delivery_id      uuid        NOT NULL UNIQUE,
    subscription_id  uuid        NOT NULL REFERENCES subscription ON DELETE CASCADE,
    alert_id         uuid        NOT NULL REFERENCES alert,
    alert_revision   bigint      NOT NULL,
    payload          text        NOT NULL,
    status           text        NOT NULL,
    attempts         int         NOT NULL,
    first_attempt_at timestamptz,
    next_attempt_at  timestamptz NOT NULL,
    leased_until     timestamptz,
    last_http_status int,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL
);
CREATE INDEX delivery_pending ON delivery (subscription_id, seq) WHERE status IN ('PENDING', 'RETRYING');
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status IN ('PENDING', 'RETRYING');
CREATE INDEX delivery_by_subscription ON delivery (subscription_id, seq DESC);

-- Kafka outbox: alert revisions and delivery outcomes, relayed to their topics after commit.
CREATE SEQUENCE event_outbox_seq INCREMENT BY 50;
CREATE TABLE event_outbox (
    id          bigint PRIMARY KEY,
    topic_key   text        NOT NULL,
    message_key uuid        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL
);

-- The hash-chained audit trail (see AuditChain). payload is text, not jsonb: jsonb would reorder the keys the
-- hash covers.
CREATE TABLE audit_log (
    sequence      bigint PRIMARY KEY,
    ts            timestamptz NOT NULL,
    actor         text        NOT NULL,
    action        text        NOT NULL,
    subject       text        NOT NULL,
    payload       text        NOT NULL,
    previous_hash text        NOT NULL,
    hash          text        NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject, sequence);

-- Append-only, twice over. (1) A trigger refuses UPDATE, DELETE and TRUNCATE for every role, the owner included
-- (only a superuser or the owner can disable it, which the chain then exposes). (2) The application's runtime
-- role, when it exists, may only read and append. Production runs migrations as the schema owner and the service
-- as vigie_alert_app (see README).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_alert_app') THEN
        GRANT USAGE ON SCHEMA alert TO vigie_alert_app;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA alert TO vigie_alert_app;
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA alert TO vigie_alert_app;
        REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM vigie_alert_app;
    END IF;
END
$$;
