package org.tokensuite.command.revocation;

import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.command.aggregate.Token;
import org.tokensuite.command.eventstore.PrefetchingEventStorageEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Revokes many tokens at once, in chunks ({@link RevocationChunks}): a bulk revocation's selection, an offboarded
 * user's tokens. Each token still handles the {@code RevokeToken} a single revocation sends; what is saved is a
 * command dispatch, an event query and (outside a processor) a commit per token.
 */
@Component
public class TokenRevocations {

    private final RevocationChunks chunks;
    private final int chunkSize;
    private final ExecutorService workers;

    public TokenRevocations(org.axonframework.config.Configuration axon, TransactionManager transactions,
                            CommandGateway commands, PrefetchingEventStorageEngine events,
                            @Value("${tokens.bulk-revocation.chunk-size}") int chunkSize,
                            @Value("${tokens.bulk-revocation.parallelism}") int parallelism) {
        if (chunkSize < 1 || parallelism < 1) {
            throw new IllegalArgumentException("tokens.bulk-revocation.chunk-size and parallelism must be at least 1");
        }
        // Axon builds its repositories after the beans: looked up when a chunk first needs it.
        this.chunks = new RevocationChunks(() -> axon.repository(Token.class), transactions, commands, events);
        this.chunkSize = chunkSize;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(parallelism, task -> {
            Thread thread = new Thread(task, "bulk-revocation-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /**
     * Revokes {@code ids} (ascending, so two chunks never wait on each other's locks) a few chunks at a time, each
     * in its own transaction, a conflicting chunk done again; answers the number of chunks. A chunk committed stays
     * committed if a later one fails.
     */
    public int revokeConcurrently(List<TokenId> ids, Actor actor, Cause cause) {
        List<Future<?>> running = new ArrayList<>();
        for (List<TokenId> chunk : chunksOf(ids)) {
            running.add(workers.submit(() -> chunks.revoke(chunk, actor, cause)));
        }
        for (Future<?> chunk : running) {
            await(chunk);
        }
        return running.size();
    }

    /**
     * Revokes {@code ids} on this thread, in the unit of work and transaction already running here (an event
     * handler's), chunk after chunk. A conflict is not retried: it fails the caller's unit of work, which a tracking
     * processor does again from a fresh load; revoking a revoked token records nothing, so that is harmless.
     */
    public void revokeInCurrentUnit(List<TokenId> ids, Actor actor, Cause cause) {
        for (List<TokenId> chunk : chunksOf(ids)) {
            chunks.revokeOnce(chunk, actor, cause);
        }
    }

    private List<List<TokenId>> chunksOf(List<TokenId> ids) {
        List<List<TokenId>> all = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += chunkSize) {
            all.add(List.copyOf(ids.subList(from, Math.min(from + chunkSize, ids.size()))));
        }
        return all;
    }

    private static void await(Future<?> chunk) {
        try {
            chunk.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while revoking", e);
        }
    }
}
