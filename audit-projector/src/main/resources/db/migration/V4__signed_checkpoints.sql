-- Signed checkpoints of the chain head (see CheckpointSigner). Without a key, whoever can write
-- audit_entry can rewrite an entry, recompute every later hash and still verify, or cut entries
-- off the end unseen; a checkpoint signed with a key the database never holds shows both.

-- The public keys checkpoints were signed with, in the order they were activated. A key is
-- valid for checkpoints from first_seq (and activated_at) until the next key's.
CREATE TABLE audit_checkpoint_key (
    key_id       CHAR(64)    NOT NULL PRIMARY KEY,
    public_key   BYTEA       NOT NULL CHECK (length(public_key) = 32),
    activated_at TIMESTAMPTZ NOT NULL,
    first_seq    BIGINT      NOT NULL UNIQUE CHECK (first_seq >= 0)
);

-- One row per checkpoint: the entry (seq, hash) it signs, when, with which key, the signature.
CREATE TABLE audit_checkpoint (
    seq        BIGINT      NOT NULL PRIMARY KEY CHECK (seq > 0),
    hash       CHAR(64)    NOT NULL,
    signed_at  TIMESTAMPTZ NOT NULL,
    key_id     CHAR(64)    NOT NULL REFERENCES audit_checkpoint_key (key_id),
    signature  BYTEA       NOT NULL CHECK (length(signature) = 64)
);

-- How far checkpoints were published on Kafka (one row, moved forward); bookkeeping, not evidence.
CREATE TABLE audit_checkpoint_published (
    id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    through_seq   BIGINT  NOT NULL
);
INSERT INTO audit_checkpoint_published (id, through_seq) VALUES (1, 0);

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_checkpoint_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_key_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoint_key
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_key_no_truncate BEFORE TRUNCATE ON audit_checkpoint_key
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

REVOKE ALL ON audit_checkpoint, audit_checkpoint_key, audit_checkpoint_published FROM PUBLIC;
GRANT SELECT, INSERT ON audit_checkpoint TO ${writer_role};
GRANT SELECT, INSERT ON audit_checkpoint_key TO ${writer_role};
GRANT SELECT, UPDATE ON audit_checkpoint_published TO ${writer_role};
