-- The ledger's event_time index serves only the hourly purge ("rows older than the horizon"), yet a b-tree on it
-- costs every ingested event an index insert. Event times follow arrival closely (a late event is at most one
-- horizon late), so a BRIN index — one summary per block range, a few pages in all — finds the purgeable
-- ranges as well, and an insert barely touches it. Same for the dead letters' received_at.
drop index seen_event_time;
create index seen_event_time on seen_event using brin (event_time);
drop index rejection_received;
create index rejection_received on rejection using brin (received_at);
