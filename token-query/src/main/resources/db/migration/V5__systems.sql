-- The scope catalogue as its events describe it (system-catalogue processor): one row per system, the whole
-- definition of its newest event. Which tokens still hold a retired action is read from the tokens table
-- at query time. Text is stored as the projection received it (StoredText), so no content stops it.
CREATE TABLE systems (
    system          TEXT        NOT NULL,
    description     TEXT,
    actions         TEXT        NOT NULL,  -- JSON object: action -> what it allows
    retired_actions TEXT[]      NOT NULL DEFAULT '{}',
    registered_at   TIMESTAMPTZ,
    changed_at      TIMESTAMPTZ,
    last_sequence   BIGINT,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX systems_system_key ON systems (md5(system));
