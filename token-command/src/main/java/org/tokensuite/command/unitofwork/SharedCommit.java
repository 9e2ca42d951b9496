package org.tokensuite.command.unitofwork;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * A unit of work whose only work is to commit the commands handled inside it together: each command keeps its own
 * unit of work, nested in this one, with its own result, and all of them share this one's transaction. Their events
 * are appended in one batch and their gathered writes ({@link PrepareCommitBatch}) sent in one round trip, when this
 * unit commits; one COMMIT makes all of them durable, or none.
 *
 * <p>A command that fails inside it rolls back its own unit only (its events and gathered items are dropped); it
 * must not have written to the database before failing, which a handler that checks its rules before it applies
 * anything does not. A database error aborts the shared transaction, and so the shared commit.
 */
public final class SharedCommit {

    private static final String MARK = SharedCommit.class.getName();

    private SharedCommit() {
    }

    /** Starts a shared commit on this thread, in a new transaction of {@code transactions}; commit or roll it back. */
    public static UnitOfWork<?> start(TransactionManager transactions) {
        UnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(new GenericMessage<>("shared commit"));
        unit.resources().put(MARK, Boolean.TRUE);
        unit.attachTransaction(transactions);
        return unit;
    }

    /** Whether {@code unitOfWork} runs inside a shared commit, in the transaction that shared commit holds. */
    public static boolean joins(UnitOfWork<?> unitOfWork) {
        return unitOfWork.parent().map(SharedCommit::isShared).orElse(false);
    }

    /**
     * The unit of work whose prepare-commit should hand over what {@code unitOfWork} gathers: the shared commit it is
     * nested in while that still runs its commands, else {@code unitOfWork} itself.
     */
    public static UnitOfWork<?> gathering(UnitOfWork<?> unitOfWork) {
        return unitOfWork.parent()
                .filter(parent -> isShared(parent) && parent.phase() == UnitOfWork.Phase.STARTED)
                .<UnitOfWork<?>>map(parent -> parent)
                .orElse(unitOfWork);
    }

    private static boolean isShared(UnitOfWork<?> unitOfWork) {
        return unitOfWork.resources().containsKey(MARK);
    }
}
