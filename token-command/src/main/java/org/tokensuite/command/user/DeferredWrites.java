package org.tokensuite.command.user;

import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.command.unitofwork.PrepareCommitBatch;

import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.List;

/**
 * Writes that the registries' event handlers leave to the end of their batch: when the batch's unit of work prepares
 * to commit (still inside the transaction that appends the events), all of them go to PostgreSQL in one round trip,
 * as one statement each. An issue writes its owner's token row and its secret hash; that was a round trip apiece.
 * Only for new rows that nothing else in the same batch reads or changes: a batch holds the events of one command, or
 * of commands committed together (batch.CommandBatches), never two of them on one token; and the command that issues
 * a token makes no other change to it.
 */
@Component
public class DeferredWrites {

    private final JdbcTemplate jdbc;
    private final PrepareCommitBatch<Write> batch = new PrepareCommitBatch<>(DeferredWrites.class.getName(), this::send);

    public DeferredWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs {@code sql} with {@code args} when the current unit of work prepares to commit, or now if there is none. */
    public void add(String sql, Object... args) {
        batch.addToCurrent(new Write(sql, args));
    }

    private void send(List<Write> writes) {
        if (writes.size() == 1) {
            jdbc.update(writes.get(0).sql(), writes.get(0).args());
            return;
        }
        // Several statements in one prepared statement: the driver sends them together and the server runs them
        // in order; any failure fails the whole and so the transaction.
        String sql = String.join(";\n", writes.stream().map(Write::sql).toList());
        Object[] args = writes.stream().flatMap(write -> Arrays.stream(write.args())).toArray();
        jdbc.execute(sql, (PreparedStatement statement) -> {
            new ArgumentPreparedStatementSetter(args).setValues(statement);
            statement.execute();
            return null;
        });
    }

    private record Write(String sql, Object[] args) {
    }
}
