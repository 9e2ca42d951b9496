package org.tokensuite.audit.projection;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Appends entries to the chain. Runs inside the projector's transaction (the same one that
 * stores its tracking token), on the one thread that owns the single segment, so reading the
 * head and inserting after it cannot race; the primary key on seq would refuse it if it did.
 * <p>
 * The entries of one transaction (the processor's batch) are written together just before it
 * commits: one query for the event ids already recorded, one for the head, one batched insert.
 * Written one at a time, each entry cost three statements, and the audit log was the database's
 * biggest load in a bulk revocation (infra/README.md). A batch that fails is rolled back whole and
 * handled again, so the chain never has a gap.
 */
@Repository
public class AuditLogWriter {

    /** The counter of appended entries; no tags (an entry's type comes from a record, and tags must stay bounded). */
    public static final String APPENDED = "tokens.audit.entries.appended";

    private static final Logger log = LoggerFactory.getLogger(AuditLogWriter.class);

    private static final String INSERT = "INSERT INTO audit_entry (seq, event_id, type, token_id, owner_id, actor_id,"
            + " actor_owner, cause_reason, correlation_id, occurred_at, payload, content, prev_hash, hash, token_version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)";

    /**
     * The event ids among a list that are recorded: one probe of the event id's index per id. Written as
     * {@code event_id = ANY(?)}, the server's generic plan made while the log was small was a scan of the
     * whole table, and it kept that plan while the log grew (9 ms a batch at 13,000 entries, a second at
     * 94,000, where no ANALYZE replaced it); a probe per id has no other plan.
     */
    static final String RECORDED = "SELECT r.event_id FROM unnest(?::text[]) AS k(id)"
            + " CROSS JOIN LATERAL (SELECT event_id FROM audit_entry WHERE event_id = k.id LIMIT 1) r";

    /**
     * The chain's head, read before each batch is appended. Sent as a prepared statement (an empty argument list
     * makes it one): the driver then keeps it on the server after a few batches, where a plain statement was parsed
     * and planned again at every batch.
     */
    static final String HEAD = "SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1";

    private static final Object[] NO_PARAMETERS = {};

    private final JdbcTemplate jdbc;
    private final AppendedEntries checkpoints;
    private final LoggedTokens logged;
    private final Counter appended;

    public AuditLogWriter(JdbcTemplate jdbc, AppendedEntries checkpoints, LoggedTokens logged, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
        this.logged = logged;
        this.appended = Counter.builder(APPENDED)
                .description("entries appended to the audit chain (counted once their transaction commits)")
                .register(meters);
    }

    /**
     * Appends the entry after the current head when the transaction commits (at once without one);
     * an event id already recorded, or already appended in this transaction, is skipped.
     */
    public void append(NewAuditEntry entry) {
        Pending pending = pending();
        if (pending == null) {
            writeCommitted(entry);
            return;
        }
        pending.entries.add(entry);
    }

    /**
     * Appends the entry now, inside the current transaction, so the caller can read the new head
     * before it commits (a key rotation signs its own entry); false when the event id is recorded.
     */
    public boolean appendNow(NewAuditEntry entry) {
        Pending pending = pending();
        if (pending == null) {
            return writeCommitted(entry) == 1;
        }
        int written = write(List.of(entry), pending.versioned);
        pending.written += written;
        return written == 1;
    }

    /** Without a transaction each statement commits by itself: counted and told at once. */
    private int writeCommitted(NewAuditEntry entry) {
        Set<String> versioned = new HashSet<>();
        int written = write(List.of(entry), versioned);
        appended.increment(written);
        logged.committed(versioned);
        return written;
    }

    /** This transaction's pending entries; null without a transaction. */
    private Pending pending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        return pending;
    }

    /** Writes the entries in order after the head; answers how many were new, and adds to {@code versioned} the tokens of those with a version. */
    private int write(List<NewAuditEntry> entries, Set<String> versioned) {
        if (entries.isEmpty()) {
            return 0;
        }
        Set<String> recorded = recorded(entries);
        Head head = head();
        List<Object[]> rows = new ArrayList<>(entries.size());
        List<Head> heads = new ArrayList<>(entries.size());
        for (NewAuditEntry entry : entries) {
            if (!recorded.add(StoredColumns.eventIdColumn(entry.eventId()))) {
                log.info("event {} ({}) is already in the audit log; redelivery ignored", entry.eventId(), entry.type());
                continue;
            }
            ChainedEntry chained = new ChainedEntry(head.seq() + 1, entry.eventId(), entry.type(), entry.tokenId(),
                    entry.ownerId(), entry.actorId(), entry.actorOwner(), entry.causeReason(), entry.correlationId(),
                    ChainHash.storagePrecision(entry.occurredAt()), entry.payload(), head.hash());
            StoredColumns stored = StoredColumns.of(chained);
            // Only an entry whose values the columns cannot all hold exactly keeps its canonical JSON too.
            byte[] content = stored.exact() ? null : StoredColumns.content(chained);
            head = new Head(chained.seq(), ChainHash.of(chained));
            heads.add(head);
            rows.add(new Object[]{chained.seq(), stored.eventId(), stored.type(), stored.tokenId(), stored.ownerId(),
                    stored.actorId(), stored.actorOwner(), stored.causeReason(), stored.correlationId(),
                    OffsetDateTime.ofInstant(chained.occurredAt(), ZoneOffset.UTC), stored.payloadJson(),
                    new SqlParameterValue(Types.BINARY, content), chained.prevHash(), head.hash(),
                    new SqlParameterValue(Types.BIGINT, entry.tokenVersion())});
            if (entry.tokenVersion() != null) {
                versioned.add(entry.tokenId());
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        jdbc.batchUpdate(INSERT, rows);
        // Same transaction: the N-th entry and its signed checkpoint commit together.
        heads.forEach(appendedHead -> checkpoints.afterAppend(appendedHead.seq(), appendedHead.hash()));
        return rows.size();
    }

    /** The stored event ids among these entries'. */
    private Set<String> recorded(List<NewAuditEntry> entries) {
        String[] ids = entries.stream().map(entry -> StoredColumns.eventIdColumn(entry.eventId())).distinct()
                .toArray(String[]::new);
        Set<String> recorded = new HashSet<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(RECORDED);
            statement.setArray(1, connection.createArrayOf("varchar", ids));
            return statement;
        }, rs -> {
            recorded.add(rs.getString(1));
        });
        return recorded;
    }

    private Head head() {
        List<Head> heads = jdbc.query(HEAD, (rs, i) -> new Head(rs.getLong("seq"), rs.getString("hash")), NO_PARAMETERS);
        return heads.isEmpty() ? new Head(0, ChainHash.GENESIS) : heads.get(0);
    }

    /** The entries of one transaction, written just before it commits; only a committed entry counts. */
    private final class Pending implements TransactionSynchronization {

        private final List<NewAuditEntry> entries = new ArrayList<>();
        private final Set<String> versioned = new HashSet<>();
        private int written;

        @Override
        public void beforeCommit(boolean readOnly) {
            written += write(entries, versioned);
            entries.clear();
        }

        @Override
        public void afterCommit() {
            appended.increment(written);
            logged.committed(versioned);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(AuditLogWriter.this);
        }
    }

    private record Head(long seq, String hash) {
    }

    /**
     * An event as the projector hands it over; the chain fields are added here. {@code tokenVersion}: the sequence
     * number of a token's own event within {@code tokenId} (null for any other entry); stored beside the entry, not
     * hashed into the chain.
     */
    public record NewAuditEntry(String eventId, String type, String tokenId, String ownerId, String actorId,
                                String actorOwner, String causeReason, String correlationId,
                                java.time.Instant occurredAt, JsonNode payload, Long tokenVersion) {

        public NewAuditEntry {
            if (tokenVersion != null && (tokenId == null || tokenVersion < 0)) {
                throw new IllegalArgumentException("a token version needs a token id and is not negative");
            }
        }
    }
}
