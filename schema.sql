-- The full current schema of eventgraph's SQLite database: what the migrations in
-- migrations/sqlite/ produce, in order. tests/schema.rs proves the two agree.

-- Articles as received; every offset elsewhere points into `text`.
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    url TEXT UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    source TEXT,
    title TEXT,
    published TEXT,
    published_precision TEXT CHECK (published_precision IN ('day', 'month')),
    published_from TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);

-- People, countries, organisations and places, merged across articles by kind and name.
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'country', 'organization', 'location')),
    name TEXT NOT NULL,
    norm_name TEXT NOT NULL,
    country TEXT,
    title TEXT,
    surname TEXT GENERATED ALWAYS AS (CASE WHEN kind = 'person' THEN substr(norm_name, length(rtrim(norm_name, replace(norm_name, ' ', ''))) + 1) END) VIRTUAL,
    UNIQUE (kind, norm_name)
);
-- `surname`: the last word of a person's folded name; ingest looks up stored people by it.
CREATE INDEX entities_surname ON entities (kind, surname);

CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    norm_alias TEXT NOT NULL,
    PRIMARY KEY (entity_id, norm_alias)
);
CREATE INDEX entity_aliases_norm ON entity_aliases (norm_alias);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    form TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions (article_id);
CREATE INDEX mentions_entity ON mentions (entity_id);

-- One row per real-world event; `merge_key` (kind, participant ids, date) makes the same
-- event reported by several articles one row.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('occurred', 'planned', 'denied')),
    date_value TEXT,
    date_precision TEXT,
    date_start TEXT,
    date_end TEXT,
    date_text TEXT,
    place TEXT,
    confidence REAL NOT NULL,
    cameo TEXT,
    plover TEXT,
    merge_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE INDEX events_kind ON events (kind, id);
CREATE INDEX events_date ON events (date_start, id);

CREATE TABLE event_participants (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (event_id, entity_id)
);
CREATE INDEX event_participants_entity ON event_participants (entity_id, event_id);

CREATE TABLE event_evidence (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    UNIQUE (event_id, article_id, start)
);
CREATE INDEX event_evidence_article ON event_evidence (article_id);

-- Full-text search over article titles and text, kept in step by triggers.
CREATE VIRTUAL TABLE articles_fts USING fts5 (title, text, content = 'articles', content_rowid = 'id');

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

-- Views for analysts who query the SQLite file directly.

-- Every pair of people who took part in the same event (one row per pair and event).
CREATE VIEW contacts AS
SELECT e.id AS event_id, e.kind, e.status, e.date_value, e.date_start, e.place,
       a.id AS a_id, a.name AS a_name, a.country AS a_country,
       b.id AS b_id, b.name AS b_name, b.country AS b_country
FROM events e
JOIN event_participants pa ON pa.event_id = e.id
JOIN entities a ON a.id = pa.entity_id AND a.kind = 'person'
JOIN event_participants pb ON pb.event_id = e.id
JOIN entities b ON b.id = pb.entity_id AND b.kind = 'person' AND b.id > a.id;

-- Every entity's events, with the article urls that report them; order by date_start.
CREATE VIEW timeline AS
SELECT n.id AS entity_id, n.name AS entity_name, n.kind AS entity_kind,
       e.id AS event_id, e.kind, e.status, e.date_value, e.date_precision, e.date_start, e.place, p.role,
       (SELECT group_concat(DISTINCT COALESCE(a.url, a.source)) FROM event_evidence v JOIN articles a ON a.id = v.article_id WHERE v.event_id = e.id) AS sources
FROM events e
JOIN event_participants p ON p.event_id = e.id
JOIN entities n ON n.id = p.entity_id;

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

-- What each write changed in the graph, in commit order: a running server reads the rows after
-- the last it saw to keep its in-memory graph in step with what other processes write.
-- `change` is 'event' (created, merged into, or kept by a delete: read it again), 'event
-- deleted', 'entity deleted' or 'entity' (brought back by a split: read it again).
-- AUTOINCREMENT: a number is never used twice. (Quoted: SQLite writes the name so when the
-- migration that widened `change` renamed the table it made anew.)
CREATE TABLE "graph_changes" (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    change TEXT NOT NULL CHECK (change IN ('event', 'event deleted', 'entity deleted', 'entity')),
    id INTEGER NOT NULL
);

-- Entity ids are never given out twice either: a merged entity's row is deleted, and a split
-- brings it back under its own id, which no other entity may have taken meanwhile.
CREATE TRIGGER entities_retire_id AFTER DELETE ON entities BEGIN
    INSERT INTO retired_ids (table_name, last_id) VALUES ('entities', old.id)
    ON CONFLICT (table_name) DO UPDATE SET last_id = max(last_id, excluded.last_id);
END;

-- Every decision that two entities are one, with its reason: 'auto' when ingest resolved a
-- name to a stored person (`merged_id` is NULL: the name never had an entity of its own, until
-- a split gives it one and records its id here),
-- 'analyst' when someone merged two stored entities. The merged entity's columns are kept so
-- that a split can restore it; `split_at` is set when it was. AUTOINCREMENT: a number is
-- never used twice.
-- No foreign key on `kept_id` or `merged_id`: the merge deletes the merged entity's row (the
-- record is what a split restores it from), and the kept entity may be merged away or deleted
-- with its articles later, while the record still says what happened and why.
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
