-- The token view (read model of the token-view processor). Secret hashes are kept so the view is
-- a complete picture of the topic, but no endpoint ever returns them.
CREATE TABLE tokens (
    token_id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    owner_id                VARCHAR(128) NOT NULL,
    name                    VARCHAR(500),
    scopes                  TEXT[]       NOT NULL,
    state                   VARCHAR(16)  NOT NULL,
    hint                    VARCHAR(8),
    secret_hash             CHAR(64)     NOT NULL,
    previous_secret_hash    CHAR(64),
    previous_valid_until    TIMESTAMPTZ,
    issued_at               TIMESTAMPTZ  NOT NULL,
    not_before              TIMESTAMPTZ,
    expires_at              TIMESTAMPTZ,
    rotation_every          VARCHAR(64),
    rotation_overlap        VARCHAR(64),
    next_rotation_due       TIMESTAMPTZ,
    expires_unless_rotated_by TIMESTAMPTZ,
    last_rotated_at         TIMESTAMPTZ,
    suspended_at            TIMESTAMPTZ,
    revoked_at              TIMESTAMPTZ,
    expired_at              TIMESTAMPTZ,
    last_used_at            TIMESTAMPTZ,
    allowed_cidrs           TEXT[]       NOT NULL DEFAULT '{}',
    -- Duplicate suppression: the producer publishes at least once, so an event re-sent after a
    -- producer crash carries an aggregate sequence number already applied.
    last_sequence           BIGINT,
    -- How many events changed this row; tests use it to prove each event applied exactly once.
    applied_events          BIGINT       NOT NULL,
    updated_at              TIMESTAMPTZ  NOT NULL
);

CREATE INDEX tokens_owner_idx ON tokens (owner_id, issued_at);
CREATE INDEX tokens_state_idx ON tokens (state);
CREATE INDEX tokens_scopes_idx ON tokens USING GIN (scopes);

-- Users whose tokens are all inactive regardless of each token's own state.
CREATE TABLE users (
    user_id         VARCHAR(128) NOT NULL PRIMARY KEY,
    offboarded_at   TIMESTAMPTZ,
    on_leave_since  TIMESTAMPTZ,
    last_sequence   BIGINT,
    applied_events  BIGINT       NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);
