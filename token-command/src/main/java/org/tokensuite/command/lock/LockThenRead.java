package org.tokensuite.command.lock;

import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * A transaction-scoped advisory lock and the read it guards, sent to PostgreSQL in one round trip as two statements.
 *
 * <p>Two statements, because in READ COMMITTED a statement's snapshot is taken when it starts: a read inside the
 * lock's own statement would not see what the lock's previous holder committed while this one waited. One round
 * trip, because the server runs the read only once the lock's statement has finished, so the two need not wait for
 * each other's answers on the wire: every issue takes two such locks, and each round trip costs both the service and
 * PostgreSQL more CPU than the statement itself.
 */
@Component
public class LockThenRead {

    private final JdbcTemplate jdbc;

    public LockThenRead(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Runs {@code lock} (whose rows are ignored), then {@code read} in the same transaction; the parameters of both,
     * in order, are {@code lockArgs} then {@code readArgs}.
     */
    public <T> List<T> query(String lock, List<?> lockArgs, String read, List<?> readArgs, RowMapper<T> rows) {
        Object[] args = Stream.concat(lockArgs.stream(), readArgs.stream()).toArray();
        return jdbc.execute(connection -> connection.prepareStatement(lock + ";\n" + read), (PreparedStatement statement) -> {
            new ArgumentPreparedStatementSetter(args).setValues(statement);
            statement.execute();
            if (!statement.getMoreResults()) {
                throw new IllegalStateException("the read after the lock gave no rows to read: " + read);
            }
            try (ResultSet found = statement.getResultSet()) {
                return new RowMapperResultSetExtractor<>(rows).extractData(found);
            }
        });
    }
}
