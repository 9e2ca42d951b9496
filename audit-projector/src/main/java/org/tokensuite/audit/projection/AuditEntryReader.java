package org.tokensuite.audit.projection;

import org.tokensuite.audit.store.ReadPool;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Repository;
import org.tokensuite.audit.settings.AuditProperties;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads audit entries by filter, a page at a time or streamed (constant memory) for exports; on the read pool. */
@Repository
public class AuditEntryReader {

    private final ReadPool pool;
    private final JdbcTemplate jdbc;
    private final int fetchSize;

    public AuditEntryReader(ReadPool pool, AuditProperties properties) {
        this.pool = pool;
        this.jdbc = pool.jdbc();
        this.fetchSize = properties.exportFetchSize();
    }

    /**
     * The newest version of the token the log records (the highest {@code token_version} among its entries), or null
     * when it records none: one probe of the token's entries by their index.
     */
    public Long tokenVersion(String tokenId) {
        return jdbc.queryForObject(TOKEN_VERSION, Long.class, tokenId);
    }

    static final String TOKEN_VERSION = "SELECT max(token_version) FROM audit_entry WHERE token_id = ?";

    /** Up to {@code limit} entries after seq {@code afterSeq}, in seq order. */
    public List<AuditEntry> page(EntryFilter filter, long afterSeq, int limit) {
        Query query = query(filter, afterSeq, limit);
        return jdbc.query(query.sql(), (rs, i) -> AuditRows.entry(rs), query.args().toArray());
    }

    /**
     * Every matching entry after {@code afterSeq} (at most {@code limit} when given), streamed to
     * {@code sink} later, on whichever thread writes the response. The read connection is taken
     * now, on the caller's thread, so an exhausted read pool or an unreachable database is a 503
     * before any byte of a 200 is sent.
     */
    public EntryStream openStream(EntryFilter filter, long afterSeq, Integer limit) {
        return new EntryStream(DataSourceUtils.getConnection(pool.dataSource()), query(filter, afterSeq, limit),
                fetchSize);
    }

    /** A selection with its own read connection, streamed once and then given back. */
    public static final class EntryStream implements AutoCloseable {

        private final Connection connection;
        private final Query query;
        private final int fetchSize;

        private EntryStream(Connection connection, Query query, int fetchSize) {
            this.connection = connection;
            this.query = query;
            this.fetchSize = fetchSize;
        }

        /** Streams every entry to {@code sink} with a server-side cursor, then gives the connection back. */
        public void forEach(Consumer<AuditEntry> sink) {
            JdbcTemplate streaming = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            // PostgreSQL uses a server-side cursor only with a fetch size inside a transaction.
            streaming.setFetchSize(fetchSize);
            try {
                connection.setAutoCommit(false);
                streaming.query(query.sql(), rs -> {
                    sink.accept(AuditRows.entry(rs));
                }, query.args().toArray());
            } catch (SQLException e) {
                throw new DataAccessResourceFailureException("could not start a read transaction", e);
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            try {
                if (!connection.isClosed()) {
                    if (!connection.getAutoCommit()) {
                        connection.rollback();
                    }
                    connection.close();
                }
            } catch (SQLException e) {
                // The pool discards a connection it cannot reset; nothing more to do here.
            }
        }
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
        if (filter.actorId() != null) {
            sql.append(" AND actor_id = ?");
            args.add(filter.actorId());
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
