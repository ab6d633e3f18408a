-- Dead letters of the ingest edge, as published on the rejection topic (IngestRejection documents), so that
-- GET /v1/rejections can answer a manufacturer by device without replaying a topic. Written in the same
-- transaction as the idempotency ledger and committed only once Kafka acknowledged the dead letters too (see
-- EventLedger), so the table and the topic say the same thing. A document never holds personal data: a
-- rejection under a privacy rule carries no copy of the item (the contract's schema forbids it).
-- Bounded: rows older than vigie.ingest.rejection-retention (the topic's retention) are purged.
create table rejection (
    seq           bigint generated always as identity primary key,  -- page cursor, in insertion order
    rejection_id  uuid        not null unique,
    device_id     text        not null,
    received_at   timestamptz not null,
    document      text        not null
);
create index rejection_device on rejection (device_id, seq);
create index rejection_received on rejection (received_at);
