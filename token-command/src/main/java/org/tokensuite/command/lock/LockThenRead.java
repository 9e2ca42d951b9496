package org.tokensuite.command.lock;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Transaction-scoped advisory locks and the reads they guard, each lock and its read sent to PostgreSQL as two
 * statements, and as many of them as are known together in one round trip.
 *
 * <p>Two statements, because in READ COMMITTED a statement's snapshot is taken when it starts: a read inside the
 * lock's own statement would not see what the lock's previous holder committed while this one waited. One round
 * trip, because the server runs each statement only once the one before it has finished, so they need not wait for
 * each other's answers on the wire: each round trip costs both the service and PostgreSQL more CPU than the
 * statements in it.
 *
 * <p>A command that knows up front which locked reads its handler will ask for (an issue: its systems' and its
 * owner's) sends them all at once with {@link #readAhead}; the handler's own {@link #query} then takes each answer
 * from its unit of work instead of the server, once. A batch of issues committed together does the same for all of
 * them in one round trip, kept in the shared commit's unit of work.
 */
@Component
public class LockThenRead {

    /** The unit-of-work resource holding the answers read ahead and not yet taken. */
    private static final String READ_AHEAD = LockThenRead.class.getName() + ".readAhead";

    private final JdbcTemplate jdbc;

    public LockThenRead(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The rows of {@code read}, read after its lock in this transaction (or read ahead in this unit of work). */
    @SuppressWarnings("unchecked")
    public <T> List<T> query(LockedRead<T> read) {
        return this.<T>takeReadAhead(read).orElseGet(() -> (List<T>) send(List.of(read)).get(0));
    }

    /**
     * Takes every lock in {@code reads}, in their order, each followed by its read, in one round trip, and keeps the
     * answers in the current unit of work for {@link #query} to take. The locks are then held: the order of
     * {@code reads} must be the order in which the handler would have asked for them.
     *
     * <p>A read named n times is sent once and answers n asks: whoever names it so vouches that nothing done between
     * those asks changes what it reads (a batch of issues: the catalogue under its shared locks, which no issue
     * writes). A read already answered ahead and not yet taken is neither sent nor counted again, so a command
     * whose batch read ahead for it sends nothing more.
     *
     * @throws IllegalStateException outside a unit of work with a transaction, where locks would protect nothing
     *                               and no answer could be found again
     */
    public void readAhead(List<LockedRead<?>> reads) {
        if (!CurrentUnitOfWork.isStarted() || !TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("reading ahead needs a unit of work with a transaction");
        }
        Map<LockedRead<?>, Kept> kept = CurrentUnitOfWork.get().root().getOrComputeResource(READ_AHEAD, key -> new HashMap<>());
        Map<LockedRead<?>, Integer> asks = new LinkedHashMap<>();
        for (LockedRead<?> read : reads) {
            if (!kept.containsKey(read)) {
                asks.merge(read, 1, Integer::sum);
            }
        }
        if (asks.isEmpty()) {
            return;
        }
        List<LockedRead<?>> sent = new ArrayList<>(asks.keySet());
        List<List<?>> answers = send(sent);
        for (int i = 0; i < sent.size(); i++) {
            kept.put(sent.get(i), new Kept(answers.get(i), asks.get(sent.get(i))));
        }
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<List<T>> takeReadAhead(LockedRead<T> read) {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.empty();
        }
        Map<LockedRead<?>, Kept> kept = CurrentUnitOfWork.get().root().getResource(READ_AHEAD);
        Kept answer = kept == null ? null : kept.get(read);
        if (answer == null) {
            return Optional.empty();
        }
        // Taken once per ask announced: a further ask in the same transaction reads again, and sees what the
        // transaction itself wrote.
        if (--answer.asksLeft == 0) {
            kept.remove(read);
        }
        return Optional.of((List<T>) answer.rows);
    }

    /** An answer read ahead, and how many asks it still answers. Touched by the unit of work's thread only. */
    private static final class Kept {
        private final List<?> rows;
        private int asksLeft;

        private Kept(List<?> rows, int asks) {
            this.rows = rows;
            this.asksLeft = asks;
        }
    }

    /** Sends each lock and its read, in order, as one multi-statement round trip; the reads' rows, in order. */
    private List<List<?>> send(List<LockedRead<?>> reads) {
        String sql = reads.stream().map(r -> r.lock() + ";\n" + r.read()).collect(Collectors.joining(";\n"));
        Object[] args = reads.stream().flatMap(r -> Stream.concat(r.lockArgs().stream(), r.readArgs().stream()))
                .toArray();
        return jdbc.execute(connection -> connection.prepareStatement(sql), (PreparedStatement statement) -> {
            new ArgumentPreparedStatementSetter(args).setValues(statement);
            statement.execute();
            List<List<?>> answers = new ArrayList<>(reads.size());
            for (LockedRead<?> read : reads) {
                if (!statement.getMoreResults()) {
                    throw new IllegalStateException("the read after the lock gave no rows to read: " + read.read());
                }
                answers.add(rows(statement, read));
                // Past the read to the next lock's result (the last one's end needs no step).
                if (answers.size() < reads.size() && !statement.getMoreResults()) {
                    throw new IllegalStateException("the lock gave no result: " + reads.get(answers.size()).lock());
                }
            }
            return answers;
        });
    }

    private static <T> List<T> rows(PreparedStatement statement, LockedRead<T> read) throws SQLException {
        try (ResultSet found = statement.getResultSet()) {
            return new RowMapperResultSetExtractor<>(read.rows()).extractData(found);
        }
    }
}
