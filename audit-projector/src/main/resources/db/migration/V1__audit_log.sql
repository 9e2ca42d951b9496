-- Axon's tracking tokens (default TokenSchema names), committed with the audit rows they cover.
CREATE TABLE tokenentry (
    processorname VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         BYTEA,
    tokentype     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    PRIMARY KEY (processorname, segment)
);

-- The append-only, hash-chained audit log. seq is assigned by the single projector thread
-- (dense: no sequence, whose rollbacks would leave gaps); type is free text so that later
-- kinds of entries (security signals, anomalies) fit without a migration.
CREATE TABLE audit_entry (
    seq            BIGINT       NOT NULL PRIMARY KEY CHECK (seq > 0),
    event_id       VARCHAR(255) NOT NULL UNIQUE,
    type           VARCHAR(255) NOT NULL,
    token_id       VARCHAR(64),
    owner_id       VARCHAR(128),
    actor_id       VARCHAR(255),
    actor_owner    VARCHAR(255),
    cause_reason   TEXT,
    correlation_id VARCHAR(255),
    occurred_at    TIMESTAMPTZ  NOT NULL,
    recorded_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    payload        JSONB        NOT NULL,
    prev_hash      CHAR(64)     NOT NULL,
    hash           CHAR(64)     NOT NULL
);

CREATE INDEX audit_entry_token_seq ON audit_entry (token_id, seq);
CREATE INDEX audit_entry_owner_seq ON audit_entry (owner_id, seq);
CREATE INDEX audit_entry_type_seq ON audit_entry (type, seq);
CREATE INDEX audit_entry_occurred_at ON audit_entry (occurred_at);

-- Defence in depth: even the owner cannot change history without first disabling this trigger.
CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_entry_no_update_delete BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change();

-- The role the application works as (Hikari runs SET ROLE on each connection). Roles are
-- cluster-wide: create it only if missing, tolerating a concurrent creator.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${writer_role}') THEN
        CREATE ROLE ${writer_role} NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

-- A non-superuser owner must be a member to SET ROLE; a superuser already may.
DO $$
BEGIN
    IF NOT pg_has_role(current_user, '${writer_role}', 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', '${writer_role}', current_user);
    END IF;
END
$$;

REVOKE ALL ON audit_entry FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ${writer_role};
GRANT SELECT, INSERT ON audit_entry TO ${writer_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON tokenentry TO ${writer_role};
