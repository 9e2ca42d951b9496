package org.tokensuite.command.revocation;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokensuite.api.command.RevokeToken;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.command.aggregate.Token;
import org.tokensuite.command.conflict.ConflictRetries;
import org.tokensuite.command.eventstore.PrefetchingEventStorageEngine;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Revokes a chunk of tokens in one unit of work and one transaction: each {@link Token} is loaded through Axon's
 * repository (its lock held until the commit) and handles the same {@link RevokeToken} a single revocation sends,
 * so the rules are the aggregate's own and a token already revoked or expired records nothing (it is skipped). The
 * events, and the {@code user_tokens} rows the subscribing handlers write for them, commit together or not at all:
 * a chunk is never half done. A chunk that lost a race for a token's next event (another instance changed it) is
 * rolled back and done again from a fresh load, a few times; then each of its tokens goes through the command
 * gateway one by one, with its own conflict retries. One commit per chunk instead of one per token is what makes
 * thousands of revocations take seconds; so does reading a chunk's events in one query
 * ({@link PrefetchingEventStorageEngine#withEventsOf}) rather than one per token.
 * <p>
 * Started inside another unit of work on the same thread (an event handler's), a chunk's unit is nested in it and
 * joins its transaction: then it is done once ({@link #revokeOnce}), since a conflict spoils the shared transaction
 * and only the outer unit can be done again.
 */
final class RevocationChunks {

    private static final Logger log = LoggerFactory.getLogger(RevocationChunks.class);
    private static final int MAX_ATTEMPTS = 4;

    private final Supplier<Repository<Token>> tokens;
    private final TransactionManager transactions;
    private final CommandGateway commands;
    private final PrefetchingEventStorageEngine events;

    RevocationChunks(Supplier<Repository<Token>> tokens, TransactionManager transactions, CommandGateway commands,
                     PrefetchingEventStorageEngine events) {
        this.tokens = tokens;
        this.events = events;
        this.transactions = transactions;
        this.commands = commands;
    }

    /** The unit of work's command (a repository expects one): what the chunk is, for the correlation data Axon copies onto its events. */
    record Chunk(String correlationId, int size) {
    }

    /** Revokes every token of {@code chunk} (ids in ascending order, so two chunks never wait on each other's locks). */
    void revoke(List<TokenId> chunk, Actor actor, Cause cause) {
        for (int attempt = 1; ; attempt++) {
            try {
                revokeOnce(chunk, actor, cause);
                return;
            } catch (RuntimeException e) {
                if (!ConflictRetries.isConflict(e)) {
                    throw e;
                }
                if (attempt >= MAX_ATTEMPTS) {
                    log.info("revocation {}: a chunk of {} kept conflicting; revoking its tokens one by one",
                            cause.correlationId(), chunk.size());
                    revokeOneByOne(chunk, actor, cause);
                    return;
                }
                pause(attempt);
            }
        }
    }

    /** Revokes every token of {@code chunk} in one unit of work, without retrying a conflict. */
    void revokeOnce(List<TokenId> chunk, Actor actor, Cause cause) {
        Repository<Token> repository = tokens.get();
        DefaultUnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(
                GenericCommandMessage.asCommandMessage(new Chunk(cause.correlationId(), chunk.size())));
        try {
            unit.attachTransaction(transactions);
        } catch (RuntimeException e) {
            unit.rollback(e);
            throw e;
        }
        // The chunk's events in one query, inside its transaction, rather than a query per token.
        List<String> ids = chunk.stream().map(TokenId::value).toList();
        ResultMessage<Object> result = unit.executeWithResult(() -> events.withEventsOf(ids, () -> {
            for (TokenId id : chunk) {
                try {
                    repository.load(id.value()).execute(token -> token.handle(new RevokeToken(id, actor, cause)));
                } catch (AggregateNotFoundException e) {
                    // Selected from user_tokens, so it exists; should it not, there is nothing to revoke.
                    log.warn("revocation {}: token {} has no events; skipped", cause.correlationId(), id);
                }
            }
            return null;
        }), RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
        }
    }

    private void revokeOneByOne(List<TokenId> chunk, Actor actor, Cause cause) {
        for (TokenId id : chunk) {
            commands.sendAndWait(new RevokeToken(id, actor, cause));
        }
    }

    private static void pause(int attempt) {
        long ceiling = 10L << attempt;
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while revoking", e);
        }
    }
}
