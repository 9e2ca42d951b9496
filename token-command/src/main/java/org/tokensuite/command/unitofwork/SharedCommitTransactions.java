package org.tokensuite.command.unitofwork;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Axon's transactions, except for a unit of work nested in a {@link SharedCommit}: it is given no transaction of its
 * own, because the shared commit's already holds its work, and rolling back a joined transaction would doom the
 * other commands in it. Everywhere else, {@code delegate}'s.
 */
public final class SharedCommitTransactions implements TransactionManager {

    private static final Transaction JOINED = new Transaction() {
        @Override
        public void commit() {
            // the shared commit commits
        }

        @Override
        public void rollback() {
            // the shared commit decides; this unit's own work (events, gathered items) is dropped by its rollback
        }
    };

    private final TransactionManager delegate;

    public SharedCommitTransactions(TransactionManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public Transaction startTransaction() {
        if (CurrentUnitOfWork.isStarted() && SharedCommit.joins(CurrentUnitOfWork.get())) {
            return JOINED;
        }
        return delegate.startTransaction();
    }
}
