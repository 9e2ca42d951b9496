-- Every secret hash a token has had (current and superseded by rotations), so a leaked secret reported by a
-- scanner is matched to its token by hash alone. Maintained with the events (subscribing handler).
CREATE TABLE token_secret_hashes (
    secret_hash  CHAR(64)    NOT NULL PRIMARY KEY,
    token_id     VARCHAR(64) NOT NULL,
    current      BOOLEAN     NOT NULL
);

CREATE INDEX token_secret_hashes_by_token ON token_secret_hashes (token_id);

-- Tokens issued and rotated before this table existed, from the event store.
INSERT INTO token_secret_hashes (secret_hash, token_id, current)
SELECT h.hash, h.token_id, false FROM (
    SELECT e.aggregateidentifier AS token_id, convert_from(e.payload, 'UTF8')::jsonb ->> 'secretHash' AS hash
    FROM domainevententry e WHERE e.payloadtype IN ('org.tokensuite.api.event.TokenIssued', 'org.tokensuite.api.event.TokenRotated')
    UNION ALL
    SELECT e.aggregateidentifier, convert_from(e.payload, 'UTF8')::jsonb ->> 'previousSecretHash'
    FROM domainevententry e WHERE e.payloadtype = 'org.tokensuite.api.event.TokenRotated'
) h WHERE h.hash IS NOT NULL
ON CONFLICT (secret_hash) DO NOTHING;

-- The newest hash of each token is its current one.
UPDATE token_secret_hashes t SET current = true
FROM (SELECT DISTINCT ON (e.aggregateidentifier) e.aggregateidentifier AS token_id,
             convert_from(e.payload, 'UTF8')::jsonb ->> 'secretHash' AS hash
      FROM domainevententry e
      WHERE e.payloadtype IN ('org.tokensuite.api.event.TokenIssued', 'org.tokensuite.api.event.TokenRotated')
      ORDER BY e.aggregateidentifier, e.sequencenumber DESC) latest
WHERE t.secret_hash = latest.hash;
