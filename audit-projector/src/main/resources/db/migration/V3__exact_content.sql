-- Entries whose values the columns cannot hold exactly (NUL, unpaired surrogates, values longer
-- than their column, numbers beyond jsonb's range) keep their exact canonical JSON here; their
-- columns then hold searchable stand-ins and payload is NULL when jsonb cannot hold it. NULL for
-- every other entry (and for all entries written before this migration).
ALTER TABLE audit_entry ADD COLUMN content BYTEA;
ALTER TABLE audit_entry ALTER COLUMN payload DROP NOT NULL;
