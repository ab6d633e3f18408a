-- The W3C trace context of what caused an alert revision, kept with each of its webhook deliveries so that the
-- delivery, however late (retries, a restart), continues the trace a device's POST started.
ALTER TABLE alert.delivery ADD COLUMN traceparent text;
