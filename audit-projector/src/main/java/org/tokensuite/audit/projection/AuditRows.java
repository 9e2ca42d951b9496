package org.tokensuite.audit.projection;

import org.tokensuite.audit.chain.EventPayloads;

import org.tokensuite.audit.chain.ChainHash;
import org.tokensuite.audit.chain.ChainedEntry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** How an audit_entry row is selected and read, in one place for every reader. */
public final class AuditRows {

    public static final String SELECT_COLUMNS = "SELECT seq, event_id, type, token_id, owner_id, actor_id, actor_owner,"
            + " cause_reason, correlation_id, occurred_at, recorded_at, payload::text AS payload, content, prev_hash, hash"
            + " FROM audit_entry";

    private AuditRows() {
    }

    /**
     * The entry's exact values: from {@code content} when the row has it (values its columns could
     * not hold exactly, see {@link StoredColumns}), else from the columns.
     */
    public static ChainedEntry chained(ResultSet rs) throws SQLException {
        byte[] content = rs.getBytes("content");
        if (content != null) {
            return ChainHash.parseCanonical(content);
        }
        return fromColumns(rs);
    }

    /** Whether the row's columns hold what its content says (always, for rows without content). */
    public static boolean columnsAgree(ResultSet rs, ChainedEntry entry) throws SQLException {
        return rs.getBytes("content") == null
                || (rs.getLong("seq") == entry.seq() && entry.prevHash() != null
                    && entry.prevHash().equals(rs.getString("prev_hash"))
                    && java.util.Objects.equals(entry.occurredAt(), instant(rs, "occurred_at"))
                    && StoredColumns.of(entry).matches(rs));
    }

    private static ChainedEntry fromColumns(ResultSet rs) throws SQLException {
        String payload = rs.getString("payload");
        return new ChainedEntry(
                rs.getLong("seq"),
                rs.getString("event_id"),
                rs.getString("type"),
                rs.getString("token_id"),
                rs.getString("owner_id"),
                rs.getString("actor_id"),
                rs.getString("actor_owner"),
                rs.getString("cause_reason"),
                rs.getString("correlation_id"),
                instant(rs, "occurred_at"),
                payload == null ? null : EventPayloads.parse(payload),
                rs.getString("prev_hash"));
    }

    public static AuditEntry entry(ResultSet rs) throws SQLException {
        ChainedEntry c = chained(rs);
        return new AuditEntry(c.seq(), c.eventId(), c.type(), c.tokenId(), c.ownerId(),
                new AuditEntry.Actor(c.actorId(), c.actorOwner()),
                new AuditEntry.Cause(c.causeReason(), c.correlationId()),
                ChainHash.formatInstant(c.occurredAt()),
                ChainHash.formatInstant(instant(rs, "recorded_at")),
                c.payload(), c.prevHash(), rs.getString("hash"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
