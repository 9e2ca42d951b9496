package org.tokensuite.command.user;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.aggregate.OwnerGate;
import org.tokensuite.command.aggregate.OwnerStanding;

/**
 * A PostgreSQL transaction-scoped advisory lock per owner. Axon runs each command in a Spring
 * transaction, so the lock is held until the command's events (and {@link UserRegistry}'s rows)
 * are committed.
 */
@Component
public class JdbcOwnerGate implements OwnerGate {

    private final JdbcTemplate jdbc;
    private final UserDirectory directory;

    public JdbcOwnerGate(JdbcTemplate jdbc, UserDirectory directory) {
        this.jdbc = jdbc;
        this.directory = directory;
    }

    @Override
    public OwnerStanding lockOwner(UserId owner) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            // Without a transaction the lock would end at once and protect nothing.
            throw new IllegalStateException("the owner lock needs a surrounding transaction");
        }
        jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> null, owner.value());
        // A statement of its own, after the lock: in READ COMMITTED its snapshot is taken once the lock is
        // granted, so it sees the standing the lock's previous holder committed (one combined statement would not).
        return directory.standing(owner);
    }
}
