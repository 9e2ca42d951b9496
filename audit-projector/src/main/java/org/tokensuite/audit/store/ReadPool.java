package org.tokensuite.audit.store;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/**
 * The connections audit readers use, separate from the pool the processors write with: a slow
 * export or report (an auditor streaming a million rows over a slow link holds its connection
 * for as long as that takes) can exhaust this pool, never the writer's. Deliberately not a
 * DataSource bean, so Spring Boot still configures the application's main pool as usual.
 */
public final class ReadPool implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    public ReadPool(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.readOnly.setReadOnly(true);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** For short queries (a page). */
    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** A template that streams with a server-side cursor (PostgreSQL needs a fetch size inside a transaction). */
    public JdbcTemplate streaming(int fetchSize) {
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(fetchSize);
        return streaming;
    }

    /** Read-only transactions on this pool (what a cursor needs). */
    public TransactionTemplate readOnly() {
        return readOnly;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
