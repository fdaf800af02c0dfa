-- Entity ids are never given out twice either: a merged entity's row is deleted, and a split
-- brings it back under its own id, which no other entity may have taken meanwhile.
CREATE TRIGGER entities_retire_id AFTER DELETE ON entities BEGIN
    INSERT INTO retired_ids (table_name, last_id) VALUES ('entities', old.id)
    ON CONFLICT (table_name) DO UPDATE SET last_id = max(last_id, excluded.last_id);
END;

-- Every decision that two entities are one, with its reason: 'auto' when ingest resolved a
-- name to a stored person (`merged_id` is NULL: the name never had an entity of its own),
-- 'analyst' when someone merged two stored entities. The merged entity's columns are kept so
-- that a split can restore it; `split_at` is set when it was. AUTOINCREMENT: a number is
-- never used twice.
CREATE TABLE entity_merges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kept_id INTEGER NOT NULL,
    merged_id INTEGER,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    norm_name TEXT NOT NULL,
    country TEXT,
    title TEXT,
    reason TEXT NOT NULL,
    merged_by TEXT NOT NULL CHECK (merged_by IN ('auto', 'analyst')),
    created_at TEXT NOT NULL,
    split_at TEXT
);
CREATE INDEX entity_merges_kept ON entity_merges (kept_id, id);
CREATE INDEX entity_merges_merged ON entity_merges (merged_id);
CREATE INDEX entity_merges_name ON entity_merges (kind, norm_name);

-- What a merge moved, so that a split moves back exactly that. `added`: the kept entity had
-- no such alias before. `moved`: the participation now names the kept entity (0: the kept
-- entity took part already, and the merged one's row was dropped).
CREATE TABLE entity_merge_aliases (
    merge_id INTEGER NOT NULL REFERENCES entity_merges (id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    norm_alias TEXT NOT NULL,
    added INTEGER NOT NULL,
    PRIMARY KEY (merge_id, norm_alias)
);

CREATE TABLE entity_merge_mentions (
    merge_id INTEGER NOT NULL REFERENCES entity_merges (id) ON DELETE CASCADE,
    mention_id INTEGER NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
    PRIMARY KEY (merge_id, mention_id)
);
CREATE INDEX entity_merge_mentions_mention ON entity_merge_mentions (mention_id);

CREATE TABLE entity_merge_participants (
    merge_id INTEGER NOT NULL REFERENCES entity_merges (id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    moved INTEGER NOT NULL,
    PRIMARY KEY (merge_id, event_id)
);
CREATE INDEX entity_merge_participants_event ON entity_merge_participants (event_id);
