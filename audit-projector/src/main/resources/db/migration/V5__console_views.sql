-- Who looked at what in the auditors' console (/console): one row per page view, sign-in and
-- sign-out, written before the page's data is read. Append-only like the log (the writer role may
-- only SELECT and INSERT; triggers refuse UPDATE, DELETE and TRUNCATE for everyone), but not part
-- of the hash chain: the chain has one writer, the audit-log processor.
CREATE TABLE console_view (
    id              BIGSERIAL    NOT NULL PRIMARY KEY,
    viewed_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    viewer_token_id VARCHAR(64)  NOT NULL,
    viewer_owner_id VARCHAR(128) NOT NULL,
    client_address  VARCHAR(64),
    action          VARCHAR(32)  NOT NULL,
    path            VARCHAR(255) NOT NULL,
    query           TEXT
);

CREATE INDEX console_view_viewer ON console_view (viewer_owner_id, id);

CREATE TRIGGER console_view_no_update_delete BEFORE UPDATE OR DELETE ON console_view
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER console_view_no_truncate BEFORE TRUNCATE ON console_view
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

REVOKE ALL ON console_view FROM PUBLIC;
GRANT SELECT, INSERT ON console_view TO ${writer_role};
GRANT USAGE ON SEQUENCE console_view_id_seq TO ${writer_role};

-- The console (and GET /v1/audit/events?actorId=) searches by actor.
CREATE INDEX audit_entry_actor_seq ON audit_entry (actor_id, seq);
