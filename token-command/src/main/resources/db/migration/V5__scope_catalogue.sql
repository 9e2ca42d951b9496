-- The scope catalogue as token-command's policy reads it: one row per registered system, written by the
-- subscribing scope-catalogue handler in the transaction that appends the system's event (the event store
-- stays the truth). Descriptions live in the events (token-query's view shows them).
CREATE TABLE scope_systems (
    system          VARCHAR(32) PRIMARY KEY,
    actions         TEXT[]      NOT NULL,
    retired_actions TEXT[]      NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
