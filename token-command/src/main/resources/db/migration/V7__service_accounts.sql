-- Service accounts: owners that are not people, each with a sponsor accountable for it. Maintained by a
-- subscribing handler in the same transaction as the events (like users), so issuing, offboarding and
-- registration, all serialised by the owner lock, see each other's outcome.
CREATE TABLE service_accounts (
    account_id     VARCHAR(128) NOT NULL PRIMARY KEY,
    description    VARCHAR(500) NOT NULL,
    team           VARCHAR(100),
    sponsor        VARCHAR(128) NOT NULL,
    -- sponsored: the sponsor is active; orphaned: the sponsor left, grace period running;
    -- sponsor_lost: the grace period ran out, its tokens are suspended
    status         VARCHAR(16)  NOT NULL CHECK (status IN ('sponsored', 'orphaned', 'sponsor_lost')),
    grace_ends_at  TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ  NOT NULL
);

CREATE INDEX service_accounts_by_sponsor ON service_accounts (sponsor);

-- A third reason a token is suspended: its service account lost its sponsor (undone by a new sponsor).
ALTER TABLE user_tokens DROP CONSTRAINT user_tokens_suspended_for_check;
ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_suspended_for_check
    CHECK (suspended_for IN ('leave', 'investigation', 'sponsor_lost'));
