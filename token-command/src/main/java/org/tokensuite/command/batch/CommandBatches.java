package org.tokensuite.command.batch;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.tokensuite.api.command.IssueToken;
import org.tokensuite.api.command.RevokeToken;
import org.tokensuite.api.command.RotateToken;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.config.CommandBatchProperties;
import org.tokensuite.command.eventstore.PrefetchingEventStorageEngine;
import org.tokensuite.command.issue.IssueReadAhead;
import org.tokensuite.command.unitofwork.SharedCommit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Commits the issues, rotations and revocations that arrive while others are being committed together: one committer
 * thread takes what is waiting (up to {@code max-size}), handles each command in its own unit of work as Axon's command
 * bus always does (same interceptors, same handler, same rules, its own result), inside one {@link SharedCommit}, and
 * answers every caller only once that commit is durable. Each such command used to cost its own transaction: its
 * round trips after the handler (event, registries' writes, deadlines) and its COMMIT; now a batch shares them, and
 * a batch of rotations and revocations reads all its tokens' events in one query, a batch of issues takes all its
 * locks and reads what they guard in one round trip.
 * Nothing waits for a batch to fill: the committer takes whatever queued while it was busy, so under light load a
 * batch is one command. Every other command is sent as before, alone.
 *
 * <p>A command its rules refuse fails alone, as before. When the shared commit itself fails (a database error, a lost
 * race for an event's place, a deadlock), its work is rolled back as a whole and every command in it is sent again,
 * alone, from its caller's thread, exactly as it would have been without batching (with the gateway's conflict
 * retries): a failure is answered as it always was, and nothing is applied twice.
 *
 * <p>A batch holds at most one command per token, and issues and changes of existing tokens are never mixed: an issue
 * takes its owner's database lock, a rotation or revocation its token's lock in this JVM, and a batch holding one kind
 * while waiting for the other could close a cycle with a command that takes them in the other order. Issues for one
 * owner are not in one batch either (each would read the owner's standing before the other's writes).
 *
 * <p>Measured as {@code tokens.command.batch} (commands per shared commit) and {@code tokens.command.batch.waiting}
 * (commands waiting for one).
 */
@Component
public class CommandBatches implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandBatches.class);

    private final CommandBus bus;
    private final CommandGateway gateway;
    private final TransactionManager transactions;
    private final CommandBatchProperties settings;
    private final PrefetchingEventStorageEngine events;
    private final IssueReadAhead issueReads;
    private final BlockingQueue<Pending> waiting;
    private final DistributionSummary batchSizes;
    private volatile boolean running;
    private Thread committer;

    public CommandBatches(CommandBus bus, CommandGateway gateway, TransactionManager transactions,
                          CommandBatchProperties settings, PrefetchingEventStorageEngine events, IssueReadAhead issueReads,
                          MeterRegistry meters) {
        this.bus = bus;
        this.gateway = gateway;
        this.transactions = transactions;
        this.settings = settings;
        this.events = events;
        this.issueReads = issueReads;
        this.waiting = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.batchSizes = DistributionSummary.builder("tokens.command.batch")
                .description("commands committed together, per shared commit").register(meters);
        Gauge.builder("tokens.command.batch.waiting", waiting, BlockingQueue::size)
                .description("commands waiting for a shared commit").register(meters);
    }

    /**
     * Sends {@code command} (a payload or a command message) and returns its result once it is stored, or throws what
     * sending it through the command gateway would have thrown. An issue, rotation or revocation may share its
     * transaction with others; anything else is sent alone.
     */
    @SuppressWarnings("unchecked")
    public <R> R send(Object command) {
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);
        Keys keys = Keys.of(message.getPayload());
        CommandResultMessage<?> result = keys == null ? null : committedTogether(new Pending(message, keys));
        if (result == null) {
            return gateway.sendAndWait(message);
        }
        if (result.isExceptional()) {
            throw asRuntime(result.exceptionResult());
        }
        return (R) result.getPayload();
    }

    /** The command's result from a shared commit; {@code null} when its caller is to send it alone. */
    private CommandResultMessage<?> committedTogether(Pending pending) {
        if (!running || !waiting.offer(pending)) {
            return null;
        }
        // Stopped meanwhile, and nobody took it: its caller sends it.
        if (!running && waiting.remove(pending)) {
            return null;
        }
        return pending.outcome.join();
    }

    private void commitWhatWaits() {
        List<Pending> carried = new ArrayList<>();
        try {
            while (running) {
                List<Pending> batch = next(carried);
                if (!batch.isEmpty()) {
                    commit(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // However the committer ends, nobody is left waiting for it: callers send their commands alone.
            running = false;
            carried.forEach(Pending::alone);
            handBackWhatWaits();
        }
    }

    /**
     * What waits, after what the last batch left for later: commands of the first one's kind, at most one per token and
     * per owner, in the order they came; the rest is left for later.
     */
    private List<Pending> next(List<Pending> carried) throws InterruptedException {
        List<Pending> candidates = new ArrayList<>(carried);
        carried.clear();
        if (candidates.isEmpty()) {
            Pending first = waiting.poll(100, TimeUnit.MILLISECONDS);
            if (first == null) {
                return List.of();
            }
            candidates.add(first);
        }
        waiting.drainTo(candidates, Math.max(0, settings.maxSize() - candidates.size()));
        Kind kind = candidates.get(0).keys.kind();
        List<Pending> batch = new ArrayList<>(candidates.size());
        Set<TokenId> tokens = new HashSet<>();
        Set<UserId> owners = new HashSet<>();
        for (Pending pending : candidates) {
            Keys keys = pending.keys;
            boolean fits = batch.size() < settings.maxSize() && keys.kind() == kind
                    && !tokens.contains(keys.token()) && (keys.owner() == null || !owners.contains(keys.owner()));
            if (fits) {
                batch.add(pending);
                tokens.add(keys.token());
                if (keys.owner() != null) {
                    owners.add(keys.owner());
                }
            } else {
                carried.add(pending);
            }
        }
        return batch;
    }

    private void commit(List<Pending> batch) {
        try {
            UnitOfWork<?> shared = SharedCommit.start(transactions);
            if (batch.get(0).keys.kind() == Kind.CHANGE) {
                // Every changed token's events in one read for the batch, not one per command. Read before the tokens'
                // locks: a token changed meanwhile elsewhere makes the shared commit's append conflict, and each
                // command is sent again alone, loading under its lock.
                events.withEventsOf(batch.stream().map(pending -> pending.keys.token().value()).toList(),
                        () -> dispatch(batch));
            } else {
                // Every issue's locks and locked reads in one round trip for the batch, not one per issue.
                issueReads.readAheadForBatch(batch.stream().map(pending -> (IssueToken) pending.message.getPayload()).toList());
                dispatch(batch);
            }
            shared.commit();
            batchSizes.record(batch.size());
        } catch (Throwable failure) {
            rollBackWhatIsOpen(failure);
            // The class only: a message may quote a statement's values.
            log.info("{} commands committed together failed ({}); each is sent again alone", batch.size(),
                    failure.getClass().getSimpleName());
            batch.forEach(Pending::alone);
            return;
        }
        batch.forEach(Pending::answer);
    }

    private Void dispatch(List<Pending> batch) {
        for (Pending pending : batch) {
            bus.dispatch(pending.message, (message, result) -> pending.handled = result);
        }
        return null;
    }

    /** Rolls back every unit of work still open on this thread (and with the shared one, its transaction). */
    private static void rollBackWhatIsOpen(Throwable failure) {
        while (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> open = CurrentUnitOfWork.get();
            try {
                open.rollback(failure);
            } catch (RuntimeException e) {
                CurrentUnitOfWork.clear(open);
            }
        }
    }

    private static RuntimeException asRuntime(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return failure instanceof RuntimeException runtime ? runtime
                : new CommandExecutionException("An exception occurred while executing a command", failure);
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            return;
        }
        running = true;
        committer = new Thread(this::commitWhatWaits, "command-committer");
        committer.setDaemon(true);
        committer.start();
    }

    /** Finishes the batch being committed; what still waits is sent alone by its callers. */
    @Override
    public void stop() {
        running = false;
        Thread thread = committer;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        handBackWhatWaits();
    }

    private void handBackWhatWaits() {
        List<Pending> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(Pending::alone);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after Axon (its handlers subscribed), stops before it, after the web server. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    /** What a command locks besides its own rows, which decides what it may share a transaction with. */
    private enum Kind {
        /** A new token: its owner's database lock (and the catalogue's shared ones). */
        ISSUE,
        /** An existing token: its aggregate's lock in this JVM. */
        CHANGE
    }

    /** What a batched command is and names: its kind, its token and, for an issue, its owner. */
    private record Keys(Kind kind, TokenId token, UserId owner) {

        /** {@code null} for a command that is always sent alone. */
        static Keys of(Object payload) {
            if (payload instanceof IssueToken issue) {
                return new Keys(Kind.ISSUE, issue.tokenId(), issue.ownerId());
            }
            if (payload instanceof RotateToken rotate) {
                return new Keys(Kind.CHANGE, rotate.tokenId(), null);
            }
            return payload instanceof RevokeToken revoke ? new Keys(Kind.CHANGE, revoke.tokenId(), null) : null;
        }
    }

    private static final class Pending {
        private final CommandMessage<?> message;
        private final Keys keys;
        /** The command's result once its batch is durable; {@code null}: its caller sends it alone. */
        private final CompletableFuture<CommandResultMessage<?>> outcome = new CompletableFuture<>();
        /** Set and read by the committer only; the future hands it over. */
        private CommandResultMessage<?> handled;

        private Pending(CommandMessage<?> message, Keys keys) {
            this.message = message;
            this.keys = keys;
        }

        private void answer() {
            outcome.complete(handled);
        }

        private void alone() {
            outcome.complete(null);
        }
    }
}
