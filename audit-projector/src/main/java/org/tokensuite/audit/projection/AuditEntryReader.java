package org.tokensuite.audit.projection;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tokensuite.audit.config.AuditProperties;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads audit entries by filter, a page at a time or streamed (constant memory) for exports. */
@Repository
public class AuditEntryReader {

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    public AuditEntryReader(JdbcTemplate jdbc, PlatformTransactionManager transactions, AuditProperties properties) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        // PostgreSQL uses a server-side cursor only with a fetch size inside a transaction.
        this.streaming.setFetchSize(properties.exportFetchSize());
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Up to {@code limit} entries after seq {@code afterSeq}, in seq order. */
    public List<AuditEntry> page(EntryFilter filter, long afterSeq, int limit) {
        Query query = query(filter, afterSeq, limit);
        return jdbc.query(query.sql(), (rs, i) -> AuditRows.entry(rs), query.args().toArray());
    }

    /** Every matching entry after {@code afterSeq} (at most {@code limit} when given), streamed to {@code sink}. */
    public void stream(EntryFilter filter, long afterSeq, Integer limit, Consumer<AuditEntry> sink) {
        Query query = query(filter, afterSeq, limit);
        readOnly.executeWithoutResult(status ->
                streaming.query(query.sql(), rs -> {
                    sink.accept(AuditRows.entry(rs));
                }, query.args().toArray()));
    }

    private static Query query(EntryFilter filter, long afterSeq, Integer limit) {
        StringBuilder sql = new StringBuilder(AuditRows.SELECT_COLUMNS).append(" WHERE seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(afterSeq);
        if (filter.tokenId() != null) {
            sql.append(" AND token_id = ?");
            args.add(filter.tokenId());
        }
        if (filter.ownerId() != null) {
            sql.append(" AND owner_id = ?");
            args.add(filter.ownerId());
        }
        if (filter.type() != null) {
            sql.append(" AND type = ?");
            args.add(filter.type());
        }
        if (filter.from() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND occurred_at < ?");
            args.add(Timestamp.from(filter.to()));
        }
        sql.append(" ORDER BY seq");
        if (limit != null) {
            sql.append(" LIMIT ?");
            args.add(limit);
        }
        return new Query(sql.toString(), args);
    }

    private record Query(String sql, List<Object> args) {
    }
}
