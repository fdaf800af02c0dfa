-- A split brings back an entity that may take part in no event, so no 'event' change would
-- bring it back into a server's graph: the log also says 'entity' (read it again). SQLite
-- cannot change a CHECK constraint in place: the table is made anew with its rows and its
-- sequence, so that readers go on from the numbers they saw.
CREATE TABLE graph_changes_new (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    change TEXT NOT NULL CHECK (change IN ('event', 'event deleted', 'entity deleted', 'entity')),
    id INTEGER NOT NULL
);
INSERT INTO graph_changes_new (seq, change, id) SELECT seq, change, id FROM graph_changes;
DELETE FROM sqlite_sequence WHERE name = 'graph_changes_new';
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'graph_changes_new', seq FROM sqlite_sequence WHERE name = 'graph_changes';
DROP TABLE graph_changes;
ALTER TABLE graph_changes_new RENAME TO graph_changes;
