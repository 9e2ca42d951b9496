package org.tokensuite.command.user;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.aggregate.OwnerGate;
import org.tokensuite.command.aggregate.OwnerStanding;
import org.tokensuite.command.lock.LockThenRead;
import org.tokensuite.command.lock.LockedRead;

import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL transaction-scoped advisory lock per owner. Axon runs each command in a Spring
 * transaction, so the lock is held until the command's events (and {@link UserRegistry}'s rows)
 * are committed.
 */
@Component
public class JdbcOwnerGate implements OwnerGate {

    private final LockThenRead locked;

    public JdbcOwnerGate(LockThenRead locked) {
        this.locked = locked;
    }

    @Override
    public OwnerStanding lockOwner(UserId owner) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            // Without a transaction the lock would end at once and protect nothing.
            throw new IllegalStateException("the owner lock needs a surrounding transaction");
        }
        return UserDirectory.standing(owner, locked.query(lockedRead(owner)));
    }

    /**
     * The owner's lock and the read of their standing, as {@link #lockOwner} sends them: what an issue reads ahead
     * together with its systems' (issue.IssueReadAhead). The standing is read by a statement of its own, after the
     * lock (see LockThenRead): it sees what the lock's previous holder committed.
     */
    public LockedRead<Map.Entry<UserId, OwnerStanding>> lockedRead(UserId owner) {
        return new LockedRead<>("SELECT pg_advisory_xact_lock(hashtext(?))", List.of(owner.value()),
                UserDirectory.STANDING, UserDirectory.standingParameters(owner), UserDirectory.STANDING_ROW);
    }
}
