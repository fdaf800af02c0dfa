-- A person's surname (the last word of the folded name), indexed: ingest looks up the stored
-- people with the surname of each new name (src/store/ingest.rs), and a surname alone in a
-- query names them (src/graph/resolve.rs).
ALTER TABLE entities ADD COLUMN surname TEXT GENERATED ALWAYS AS (CASE WHEN kind = 'person' THEN regexp_replace(norm_name, '^.* ', '') END) STORED;
CREATE INDEX entities_surname ON entities (kind, surname);
