package org.tokensuite.command.unitofwork;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Items gathered while a unit of work runs and handed over together when it prepares to commit (still inside its
 * transaction): the way several writes, or waits, become one round trip. A unit of work rolled back hands over
 * nothing.
 *
 * @param <T> what is gathered
 */
public final class PrepareCommitBatch<T> {

    private final String resource;
    private final Consumer<List<T>> handOver;

    /**
     * @param resource the name the batch is kept under in each unit of work, one per batch
     * @param handOver what is done with the batch's items, in the order they were added
     */
    public PrepareCommitBatch(String resource, Consumer<List<T>> handOver) {
        this.resource = resource;
        this.handOver = handOver;
    }

    /** Adds {@code item} to {@code unitOfWork}'s batch; its first item arranges the hand-over. */
    public void add(UnitOfWork<?> unitOfWork, T item) {
        itemsOf(unitOfWork).add(item);
    }

    /**
     * Adds {@code item} to the current unit of work's batch while that unit of work still runs (to the batch of the
     * {@link SharedCommit} it is nested in, if any: dropped again if the current unit rolls back); otherwise (none, or
     * already preparing to commit) hands it over at once, alone, in whatever transaction is open.
     */
    public void addToCurrent(T item) {
        if (!CurrentUnitOfWork.isStarted() || CurrentUnitOfWork.get().phase() != UnitOfWork.Phase.STARTED) {
            handOver.accept(List.of(item));
            return;
        }
        UnitOfWork<?> current = CurrentUnitOfWork.get();
        UnitOfWork<?> gathering = SharedCommit.gathering(current);
        List<T> items = itemsOf(gathering);
        items.add(item);
        if (gathering != current) {
            current.onRollback(u -> items.removeIf(gathered -> gathered == item));
        }
    }

    private List<T> itemsOf(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(resource, key -> {
            List<T> items = new ArrayList<>();
            unitOfWork.onPrepareCommit(committing -> {
                if (!items.isEmpty()) { // all of a shared commit's items may have been dropped again
                    handOver.accept(items);
                }
            });
            return items;
        });
    }
}
