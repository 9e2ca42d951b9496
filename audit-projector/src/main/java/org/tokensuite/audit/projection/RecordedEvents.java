package org.tokensuite.audit.projection;

import org.tokensuite.audit.chain.EventPayloads;
import org.tokensuite.audit.store.ReadPool;

import com.fasterxml.jackson.databind.node.NullNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import org.tokensuite.audit.chain.ChainHash;
import org.tokensuite.audit.chain.ChainedEntry;
import org.tokensuite.audit.settings.AuditProperties;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replays the recorded events (from the audit payloads, in seq order) to whoever reconstructs
 * state from them.
 */
@Repository
public class RecordedEvents {

    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    public RecordedEvents(ReadPool pool, AuditProperties properties) {
        this.streaming = pool.streaming(properties.exportFetchSize());
        this.readOnly = pool.readOnly();
    }

    /** Events that occurred at or before {@code until} (all when null), of one owner (all when null). */
    public void replay(Instant until, String ownerId, Consumer<RecordedEvent> sink) {
        StringBuilder sql = new StringBuilder("SELECT type, payload::text AS payload, content FROM audit_entry WHERE true");
        List<Object> args = new ArrayList<>();
        if (until != null) {
            sql.append(" AND occurred_at <= ?");
            args.add(Timestamp.from(until));
        }
        if (ownerId != null) {
            sql.append(" AND owner_id = ?");
            args.add(ownerId);
        }
        sql.append(" ORDER BY seq");
        readOnly.executeWithoutResult(status -> streaming.query(sql.toString(), rs -> {
            byte[] content = rs.getBytes("content");
            if (content != null) {
                ChainedEntry exact = ChainHash.parseCanonical(content);
                sink.accept(new RecordedEvent(exact.type(), exact.payload() == null ? NullNode.instance : exact.payload()));
            } else {
                sink.accept(new RecordedEvent(rs.getString("type"), EventPayloads.parse(rs.getString("payload"))));
            }
        }, args.toArray()));
    }
}
