-- What a bulk revocation selects tokens by, beside owner, state and issuer: scopes, name, issue time and last use.
-- Maintained with the events (subscribing handler, same transaction); last use from token-query's usage summaries.
ALTER TABLE user_tokens
    ADD COLUMN scopes       TEXT[],
    ADD COLUMN name         TEXT,
    ADD COLUMN issued_at    TIMESTAMPTZ,
    ADD COLUMN last_used_at TIMESTAMPTZ;

-- Tokens issued before these columns existed, from their TokenIssued event.
-- PostgreSQL refuses to extract anything from a JSON text that holds a \u0000 escape (an old event's free text may):
-- such an escape becomes U+FFFD (the replacement character) before parsing.
UPDATE user_tokens u
SET name      = e.p ->> 'name',
    issued_at = (e.p ->> 'occurredAt')::timestamptz,
    scopes    = ARRAY(SELECT json_array_elements_text(e.p -> 'scopes'))
FROM (SELECT aggregateidentifier, replace(convert_from(payload, 'UTF8'), '\u0000', '\ufffd')::json AS p
      FROM domainevententry
      WHERE sequencenumber = 0 AND payloadtype = 'org.tokensuite.api.event.TokenIssued') e
WHERE e.aggregateidentifier = u.token_id;

-- A re-scoped token's scopes are those of its newest TokenScopesChanged.
UPDATE user_tokens u
SET scopes = ARRAY(SELECT json_array_elements_text(latest.p -> 'scopes'))
FROM (SELECT DISTINCT ON (aggregateidentifier) aggregateidentifier,
             replace(convert_from(payload, 'UTF8'), '\u0000', '\ufffd')::json AS p
      FROM domainevententry
      WHERE payloadtype = 'org.tokensuite.api.event.TokenScopesChanged'
      ORDER BY aggregateidentifier, sequencenumber DESC) latest
WHERE latest.aggregateidentifier = u.token_id;

CREATE INDEX user_tokens_by_issued_at ON user_tokens (issued_at);
