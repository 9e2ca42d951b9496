package org.tokensuite.command.unitofwork;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SharedCommitTest {

    private final List<List<String>> handedOver = new ArrayList<>();
    private final PrepareCommitBatch<String> writes = new PrepareCommitBatch<>("writes", handedOver::add);
    private final CountingTransactions real = new CountingTransactions();
    private final TransactionManager transactions = new SharedCommitTransactions(real);

    @AfterEach
    void noUnitLeftOpen() {
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
    }

    @Test
    void whatTheCommandsInASharedCommitGatherIsHandedOverOnceWhenTheSharedCommitCommits() {
        UnitOfWork<?> shared = SharedCommit.start(transactions);
        command(() -> writes.addToCurrent("first"));
        command(() -> writes.addToCurrent("second"));
        assertThat(handedOver).as("nothing at a command's own commit").isEmpty();

        shared.commit();

        assertThat(handedOver).containsExactly(List.of("first", "second"));
        assertThat(real.started).as("one transaction for all").isEqualTo(1);
        assertThat(real.committed).isEqualTo(1);
    }

    @Test
    void aCommandThatFailsInASharedCommitDropsWhatItGatheredAndRollsBackNothingOfTheOthers() {
        UnitOfWork<?> shared = SharedCommit.start(transactions);
        command(() -> writes.addToCurrent("kept"));
        UnitOfWork<?> failing = DefaultUnitOfWork.startAndGet(new GenericMessage<>("failing"));
        failing.attachTransaction(transactions);
        writes.addToCurrent("dropped");
        failing.rollback(new IllegalStateException("refused"));

        shared.commit();

        assertThat(handedOver).containsExactly(List.of("kept"));
        assertThat(real.rolledBack).isZero();
        assertThat(real.committed).isEqualTo(1);
    }

    @Test
    void aSharedCommitWhoseCommandsAllFailedHandsOverNothing() {
        UnitOfWork<?> shared = SharedCommit.start(transactions);
        UnitOfWork<?> failing = DefaultUnitOfWork.startAndGet(new GenericMessage<>("failing"));
        writes.addToCurrent("dropped");
        failing.rollback(new IllegalStateException("refused"));

        shared.commit();

        assertThat(handedOver).isEmpty();
    }

    @Test
    void outsideASharedCommitAUnitOfWorkHasItsOwnTransactionAndHandsOverAtItsOwnCommit() {
        UnitOfWork<?> alone = DefaultUnitOfWork.startAndGet(new GenericMessage<>("alone"));
        alone.attachTransaction(transactions);
        writes.addToCurrent("mine");
        alone.commit();

        assertThat(handedOver).containsExactly(List.of("mine"));
        assertThat(real.started).isEqualTo(1);
        assertThat(real.committed).isEqualTo(1);
    }

    @Test
    void aUnitNestedInAnOrdinaryUnitStillGathersForItselfAndJoinsNoSharedCommit() {
        UnitOfWork<?> outer = DefaultUnitOfWork.startAndGet(new GenericMessage<>("outer"));
        outer.attachTransaction(transactions);
        UnitOfWork<?> inner = DefaultUnitOfWork.startAndGet(new GenericMessage<>("inner"));
        inner.attachTransaction(transactions);
        writes.addToCurrent("inner's");
        inner.commit();
        assertThat(handedOver).as("at the inner unit's own prepare-commit").containsExactly(List.of("inner's"));
        outer.commit();

        assertThat(real.started).as("each asked for a transaction of its own").isEqualTo(2);
    }

    @Test
    void whenTheSharedCommitRollsBackItsTransactionRollsBackOnce() {
        UnitOfWork<?> shared = SharedCommit.start(transactions);
        command(() -> writes.addToCurrent("lost"));

        shared.rollback(new IllegalStateException("database down"));

        assertThat(handedOver).isEmpty();
        assertThat(real.rolledBack).isEqualTo(1);
        assertThat(real.committed).isZero();
    }

    /** One command's unit of work, nested in the current one, committed as the command bus would. */
    private void command(Runnable handler) {
        UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(new GenericMessage<>("command"));
        command.attachTransaction(transactions);
        handler.run();
        command.commit();
    }

    private static final class CountingTransactions implements TransactionManager {
        int started;
        int committed;
        int rolledBack;

        @Override
        public Transaction startTransaction() {
            started++;
            return new Transaction() {
                @Override
                public void commit() {
                    committed++;
                }

                @Override
                public void rollback() {
                    rolledBack++;
                }
            };
        }
    }
}
