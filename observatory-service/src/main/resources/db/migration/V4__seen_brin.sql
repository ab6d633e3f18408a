-- The idempotency tables' applied_on indexes serve only SeenRetention's daily purge ("rows applied before the
-- cutoff"), yet as b-trees they cost every applied event an index insert besides its primary key. applied_on is
-- the day the row was written, so it follows the heap's order: a BRIN index (one summary per block range, a few
-- pages in all) finds the purgeable rows as well, for almost nothing per insert. Same choice as ingest's ledger.
DROP INDEX event_seen_applied_on;
CREATE INDEX event_seen_applied_on ON event_seen USING brin (applied_on);
DROP INDEX inference_seen_applied_on;
CREATE INDEX inference_seen_applied_on ON inference_seen USING brin (applied_on);
