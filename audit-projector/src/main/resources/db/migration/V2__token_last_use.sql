-- Last use per token, from token-usage summaries (telemetry: one row per token, updated in place,
-- not part of the append-only chain). last_event_id lets an immediately re-published summary
-- (same event id) be ignored instead of counted twice.
CREATE TABLE token_last_use (
    token_id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner_id            VARCHAR(128),
    last_used_at        TIMESTAMPTZ  NOT NULL,
    last_source_address VARCHAR(255),
    uses_total          BIGINT       NOT NULL CHECK (uses_total >= 0),
    last_event_id       VARCHAR(255) NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now()
);

REVOKE ALL ON token_last_use FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON token_last_use TO ${writer_role};
