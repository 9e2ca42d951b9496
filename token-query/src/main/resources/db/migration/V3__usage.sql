-- Usage monitoring (issue 8). Not derived from token-events: a view replay leaves these alone.

-- Last use per token, summed over all instances' flushes.
CREATE TABLE token_usage (
    token_id      VARCHAR(36)  NOT NULL PRIMARY KEY,
    owner_id      VARCHAR(128) NOT NULL,
    last_used_at  TIMESTAMPTZ  NOT NULL,
    last_source   VARCHAR(64),
    uses_total    BIGINT       NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL
);

-- Uses per token per minute (only minutes with uses), kept ~25 h: answers "uses in the last 24 h".
CREATE TABLE token_usage_minutes (
    token_id  VARCHAR(36) NOT NULL,
    minute    TIMESTAMPTZ NOT NULL,
    uses      BIGINT      NOT NULL,
    PRIMARY KEY (token_id, minute)
);
CREATE INDEX token_usage_minutes_minute_idx ON token_usage_minutes (minute);

-- Held scopes that covered a scope an introspection caller said it was checking (least-privilege advice).
CREATE TABLE token_scope_checks (
    token_id          VARCHAR(36)  NOT NULL,
    scope             VARCHAR(100) NOT NULL,
    first_checked_at  TIMESTAMPTZ  NOT NULL,
    last_checked_at   TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (token_id, scope)
);

-- Networks each token was used from (new_network rule); the insert that wins reports.
CREATE TABLE token_networks (
    token_id       VARCHAR(36) NOT NULL,
    network        VARCHAR(64) NOT NULL,
    first_seen_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (token_id, network)
);

-- When each anomaly rule last reported each token: one event per token per rule per cool-down.
CREATE TABLE token_anomaly_reports (
    token_id     VARCHAR(36) NOT NULL,
    rule         VARCHAR(32) NOT NULL,
    reported_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (token_id, rule)
);

-- The view never had a source for it; last use now comes from token_usage.
ALTER TABLE tokens DROP COLUMN last_used_at;
