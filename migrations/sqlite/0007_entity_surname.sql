-- A person's surname (the last word of the folded name), indexed: ingest looks up the stored
-- people with the surname of each new name (src/store/ingest.rs), and a surname alone in a
-- query names them (src/graph/resolve.rs).
ALTER TABLE entities ADD COLUMN surname TEXT GENERATED ALWAYS AS (CASE WHEN kind = 'person' THEN substr(norm_name, length(rtrim(norm_name, replace(norm_name, ' ', ''))) + 1) END) VIRTUAL;
CREATE INDEX entities_surname ON entities (kind, surname);
