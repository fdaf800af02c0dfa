-- What each write changed in the graph, in commit order: a running server reads the rows after
-- the last it saw to keep its in-memory graph in step with what other processes write.
-- `change` is 'event' (created, merged into, or kept by a delete: read it again), 'event
-- deleted' or 'entity deleted'. AUTOINCREMENT: a number is never used twice.
CREATE TABLE graph_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    change TEXT NOT NULL CHECK (change IN ('event', 'event deleted', 'entity deleted')),
    id INTEGER NOT NULL
);
