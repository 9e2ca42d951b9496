package org.tokensuite.audit.projection;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.tokensuite.audit.chain.ChainHash;
import org.tokensuite.audit.chain.ChainedEntry;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Appends entries to the chain. Runs inside the projector's transaction (the same one that
 * stores its tracking token), on the one thread that owns the single segment, so reading the
 * head and inserting after it cannot race; the primary key on seq would refuse it if it did.
 */
@Repository
public class AuditLogWriter {

    /** The counter of appended entries; no tags (an entry's type comes from a record, and tags must stay bounded). */
    public static final String APPENDED = "tokens.audit.entries.appended";

    private final JdbcTemplate jdbc;
    private final AppendedEntries checkpoints;
    private final Counter appended;

    public AuditLogWriter(JdbcTemplate jdbc, AppendedEntries checkpoints, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
        this.appended = Counter.builder(APPENDED)
                .description("entries appended to the audit chain (counted once their transaction commits)")
                .register(meters);
    }

    /** Appends the entry after the current head; false when this event id is already recorded. */
    public boolean append(NewAuditEntry entry) {
        String eventIdColumn = StoredColumns.eventIdColumn(entry.eventId());
        Integer known = jdbc.queryForObject(
                "SELECT count(*) FROM audit_entry WHERE event_id = ?", Integer.class, eventIdColumn);
        if (known != null && known > 0) {
            return false;
        }
        List<Head> heads = jdbc.query("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1",
                (rs, i) -> new Head(rs.getLong("seq"), rs.getString("hash")));
        Head head = heads.isEmpty() ? new Head(0, ChainHash.GENESIS) : heads.get(0);
        ChainedEntry chained = new ChainedEntry(head.seq() + 1, entry.eventId(), entry.type(), entry.tokenId(),
                entry.ownerId(), entry.actorId(), entry.actorOwner(), entry.causeReason(), entry.correlationId(),
                ChainHash.storagePrecision(entry.occurredAt()), entry.payload(), head.hash());
        StoredColumns stored = StoredColumns.of(chained);
        // Only an entry whose values the columns cannot all hold exactly keeps its canonical JSON too.
        byte[] content = stored.exact() ? null : StoredColumns.content(chained);
        String hash = ChainHash.of(chained);
        int inserted = jdbc.update("INSERT INTO audit_entry (seq, event_id, type, token_id, owner_id, actor_id,"
                        + " actor_owner, cause_reason, correlation_id, occurred_at, payload, content, prev_hash, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
                chained.seq(), stored.eventId(), stored.type(), stored.tokenId(), stored.ownerId(),
                stored.actorId(), stored.actorOwner(), stored.causeReason(), stored.correlationId(),
                OffsetDateTime.ofInstant(chained.occurredAt(), ZoneOffset.UTC),
                stored.payloadJson(), new SqlParameterValue(Types.BINARY, content), chained.prevHash(), hash);
        if (inserted == 1) {
            // Same transaction: the N-th entry and its signed checkpoint commit together.
            checkpoints.afterAppend(chained.seq(), hash);
            countOnCommit();
        }
        return inserted == 1;
    }

    /** A batch that rolls back is written again: only a committed entry counts. */
    private void countOnCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            appended.increment();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                appended.increment();
            }
        });
    }

    private record Head(long seq, String hash) {
    }

    /** An event as the projector hands it over; the chain fields are added here. */
    public record NewAuditEntry(String eventId, String type, String tokenId, String ownerId, String actorId,
                                String actorOwner, String causeReason, String correlationId,
                                java.time.Instant occurredAt, JsonNode payload) {
    }
}
