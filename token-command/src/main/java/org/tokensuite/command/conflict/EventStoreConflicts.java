package org.tokensuite.command.conflict;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Recognises a lost race for an event's place in the event store: the insert broke the unique
 * (aggregate id, sequence number) key because another instance (or transaction) appended the same
 * sequence number first. Axon then throws a {@code ConcurrencyException} (or, for a stream's first
 * event, {@code AggregateStreamCreationException}) instead of a storage failure. Axon's default
 * resolver looks for {@code SQLIntegrityConstraintViolationException}, which PostgreSQL's driver
 * never throws: it reports SQLSTATE 23505 on a plain {@code PSQLException} (or inside a
 * {@code BatchUpdateException}'s chain of next exceptions).
 */
public final class EventStoreConflicts implements PersistenceExceptionResolver {

    /** SQLSTATE unique_violation. */
    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        return isUniqueViolation(exception, 0);
    }

    private static boolean isUniqueViolation(Throwable failure, int depth) {
        if (failure == null || depth > 16) {
            return false;
        }
        if (failure instanceof SQLException sql) {
            if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            SQLException next = sql.getNextException();
            if (next != null && next != sql && isUniqueViolation(next, depth + 1)) {
                return true;
            }
        }
        Throwable cause = failure.getCause();
        return cause != failure && isUniqueViolation(cause, depth + 1);
    }
}
