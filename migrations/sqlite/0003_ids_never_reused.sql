-- Ids are never given out twice: SQLite numbers a new row one above the largest id present,
-- so deleting the newest article or event would hand its id to the next one. Each delete
-- records the highest id removed, and inserts number new rows above it (see store/ids.rs).
CREATE TABLE retired_ids (
    table_name TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
);

CREATE TRIGGER articles_retire_id AFTER DELETE ON articles BEGIN
    INSERT INTO retired_ids (table_name, last_id) VALUES ('articles', old.id)
    ON CONFLICT (table_name) DO UPDATE SET last_id = max(last_id, excluded.last_id);
END;

CREATE TRIGGER events_retire_id AFTER DELETE ON events BEGIN
    INSERT INTO retired_ids (table_name, last_id) VALUES ('events', old.id)
    ON CONFLICT (table_name) DO UPDATE SET last_id = max(last_id, excluded.last_id);
END;
