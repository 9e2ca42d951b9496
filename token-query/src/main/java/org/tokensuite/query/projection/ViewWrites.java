package org.tokensuite.query.projection;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;

/**
 * The token view's row writes of one transaction (the processor's batch), sent to the database
 * together just before it commits, in the order they were made: each run of the same statement
 * goes as one JDBC batch. One statement at a time, each event cost a round trip, and the view
 * fell behind in a bulk revocation (infra/README.md). Without a transaction, a write runs at once.
 */
@Component
public class ViewWrites {

    private final JdbcTemplate jdbc;

    public ViewWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void update(String sql, Object... args) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            jdbc.update(sql, args);
            return;
        }
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.add(sql, args);
    }

    private void write(List<String> statements, List<Object[]> arguments) {
        int start = 0;
        while (start < statements.size()) {
            String sql = statements.get(start);
            int end = start + 1;
            while (end < statements.size() && statements.get(end).equals(sql)) {
                end++;
            }
            if (end - start == 1) {
                jdbc.update(sql, arguments.get(start));
            } else {
                jdbc.batchUpdate(sql, arguments.subList(start, end));
            }
            start = end;
        }
    }

    private final class Pending implements TransactionSynchronization {

        private final List<String> statements = new ArrayList<>();
        private final List<Object[]> arguments = new ArrayList<>();

        void add(String sql, Object[] args) {
            statements.add(sql);
            arguments.add(args);
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            write(statements, arguments);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(ViewWrites.this);
        }
    }
}
