-- The outboxes are written in bulk (one INSERT per table and transaction) and numbered by the database at insert
-- time, so that a subscription's deliveries, and the Kafka outbox, are ordered as they were written. The
-- sequences move from blocks of 50 handed out by Hibernate to one number per row; they restart above every
-- number already handed out (Hibernate's pooled-lo blocks reach up to 49 above the sequence's last value).
SELECT setval('delivery_seq', greatest((SELECT coalesce(max(seq), 0) FROM delivery),
                                       (SELECT last_value FROM delivery_seq)) + 50);
ALTER SEQUENCE delivery_seq INCREMENT BY 1;
ALTER TABLE delivery ALTER COLUMN seq SET DEFAULT nextval('delivery_seq');
ALTER SEQUENCE delivery_seq OWNED BY delivery.seq;

SELECT setval('event_outbox_seq', greatest((SELECT coalesce(max(id), 0) FROM event_outbox),
                                           (SELECT last_value FROM event_outbox_seq)) + 50);
ALTER SEQUENCE event_outbox_seq INCREMENT BY 1;
ALTER TABLE event_outbox ALTER COLUMN id SET DEFAULT nextval('event_outbox_seq');
ALTER SEQUENCE event_outbox_seq OWNED BY event_outbox.id;
