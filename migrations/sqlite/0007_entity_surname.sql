-- A person's surname (the last word of the folded name), indexed: ingest looks up the stored
-- people with the surname of each new name (see src/store/person_names.rs).
ALTER TABLE entities ADD COLUMN surname TEXT GENERATED ALWAYS AS (CASE WHEN kind = 'person' THEN substr(norm_name, length(rtrim(norm_name, replace(norm_name, ' ', ''))) + 1) END) VIRTUAL;
CREATE INDEX entities_surname ON entities (kind, surname);
