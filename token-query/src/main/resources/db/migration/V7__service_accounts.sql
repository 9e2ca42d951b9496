-- Service accounts as token-command registers them (from token-events, replayable with the token view).
CREATE TABLE service_accounts (
    account_id     VARCHAR(128) NOT NULL PRIMARY KEY,
    description    TEXT         NOT NULL,
    team           TEXT,
    sponsor        VARCHAR(128) NOT NULL,
    -- sponsored | orphaned (sponsor left, grace period running) | sponsor_lost (its tokens suspended)
    status         VARCHAR(16)  NOT NULL,
    grace_ends_at  TIMESTAMPTZ,
    registered_at  TIMESTAMPTZ  NOT NULL,
    last_sequence  BIGINT,
    updated_at     TIMESTAMPTZ  NOT NULL
);

CREATE INDEX service_accounts_by_sponsor ON service_accounts (sponsor);
