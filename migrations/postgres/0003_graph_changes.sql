-- What each write changed in the graph: a running server reads the rows after the last it saw
-- to keep its in-memory graph in step with what other processes write. `change` is 'event'
-- (created, merged into, or kept by a delete: read it again), 'event deleted' or 'entity
-- deleted'. Sequence numbers are taken before commit, so concurrent transactions may commit
-- them out of order; `xid`, the writing transaction, lets a reader take only rows of
-- transactions that have ended, in transaction order, and never skip one that commits late.
CREATE TABLE graph_changes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    change TEXT NOT NULL CHECK (change IN ('event', 'event deleted', 'entity deleted')),
    id BIGINT NOT NULL
);
CREATE INDEX graph_changes_xid ON graph_changes (xid, seq);
