package org.tokensuite.command.bulk;

import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.command.aggregate.Token;
import org.tokensuite.command.eventstore.PrefetchingEventStorageEngine;
import org.tokensuite.command.policy.RevocationSelector;
import org.tokensuite.command.rule.TokenStateConflict;
import org.tokensuite.command.user.TokenSelection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Revocation by selector (incident response): a dry run names what a selector takes within the caller's reach and
 * its fingerprint; an execution takes the same selection again and revokes it only if it is still what the operator
 * saw (the expected count, and the fingerprint when given): otherwise 409 and nothing changes. The tokens are
 * revoked in chunks ({@link RevocationChunks}), a few chunks at a time, all under one correlation id.
 */
@Component
public class BulkRevocations {

    private static final Logger log = LoggerFactory.getLogger(BulkRevocations.class);

    private final TokenSelection selection;
    private final RevocationChunks chunks;
    private final int chunkSize;
    private final ExecutorService workers;

    public BulkRevocations(TokenSelection selection, org.axonframework.config.Configuration axon,
                           TransactionManager transactions, CommandGateway commands, PrefetchingEventStorageEngine events,
                           @Value("${tokens.bulk-revocation.chunk-size:250}") int chunkSize,
                           @Value("${tokens.bulk-revocation.parallelism:4}") int parallelism) {
        if (chunkSize < 1 || parallelism < 1) {
            throw new IllegalArgumentException("tokens.bulk-revocation.chunk-size and parallelism must be at least 1");
        }
        this.selection = selection;
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

    /** What a selector takes now: ids in ascending order, and their fingerprint. */
    public record Selection(List<String> tokenIds, String fingerprint) {

        public int count() {
            return tokenIds.size();
        }
    }

    public Selection select(RevocationSelector selector, TokenSelection.Reach reach) {
        List<String> ids = selection.select(selector, reach);
        return new Selection(ids, RevocationSelector.fingerprint(ids));
    }

    /**
     * Revokes what {@code selector} takes, provided it is {@code expectedCount} tokens (and, when given, has
     * {@code expectedFingerprint}); 409 ({@link TokenStateConflict}) and nothing revoked otherwise.
     */
    public Selection revoke(RevocationSelector selector, TokenSelection.Reach reach, int expectedCount,
                            String expectedFingerprint, Actor actor, Cause cause) {
        Selection now = select(selector, reach);
        if (now.count() != expectedCount) {
            throw new TokenStateConflict("the selector now matches " + now.count() + " tokens, not the expected "
                    + expectedCount + ": nothing was revoked; run the dry run again");
        }
        if (expectedFingerprint != null && !expectedFingerprint.equals(now.fingerprint())) {
            throw new TokenStateConflict("the selector now matches other tokens than the expected fingerprint's: "
                    + "nothing was revoked; run the dry run again");
        }
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int from = 0; from < now.count(); from += chunkSize) {
            List<TokenId> chunk = now.tokenIds().subList(from, Math.min(from + chunkSize, now.count()))
                    .stream().map(TokenId::new).toList();
            running.add(workers.submit(() -> chunks.revoke(chunk, actor, cause)));
        }
        for (Future<?> chunk : running) {
            await(chunk);
        }
        log.info("bulk revocation {}: {} tokens in {} chunks, {} ms", cause.correlationId(), now.count(), running.size(),
                (System.nanoTime() - started) / 1_000_000);
        return now;
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
