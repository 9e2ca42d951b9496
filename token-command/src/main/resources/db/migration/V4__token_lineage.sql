-- Which token issued each token (null when the system did, e.g. the bootstrap admin token). A caller
-- manages a token only within its reach: its own owner id, or the token descends from the caller.
ALTER TABLE user_tokens ADD COLUMN issued_by VARCHAR(64);

-- Tokens issued before this column existed: the issuer is the actor of their TokenIssued event.
-- json (not jsonb): jsonb refuses a \u0000 escape that an old event's free text may hold.
UPDATE user_tokens u
SET issued_by = convert_from(e.payload, 'UTF8')::json -> 'actor' ->> 'id'
FROM domainevententry e
WHERE e.aggregateidentifier = u.token_id
  AND e.sequencenumber = 0
  AND e.payloadtype = 'org.tokensuite.api.event.TokenIssued';

UPDATE user_tokens SET issued_by = NULL WHERE issued_by LIKE 'system:%';

CREATE INDEX user_tokens_by_issuer ON user_tokens (issued_by);
