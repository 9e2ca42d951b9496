package org.tokensuite.infra.bench;

import org.tokensuite.infra.client.SuiteClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Issues the tokens a measurement needs (over HTTP, several at once) and waits until they verify. */
final class TokenSupply {

    static final List<String> SCOPES = List.of("billing:read", "billing:write");

    private final SuiteClient client;

    /** {@code client} issues as the admin. */
    TokenSupply(SuiteClient client) {
        this.client = client;
    }

    List<SuiteClient.Issued> issue(int count, IntFunction<String> owner, List<String> scopes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<SuiteClient.Issued>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> client.issue(owner.apply(n), "bench", scopes, "P1D")));
            }
            List<SuiteClient.Issued> issued = new ArrayList<>();
            for (Future<SuiteClient.Issued> f : futures) {
                issued.add(f.get());
            }
            return issued;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until introspection answers {@code expected} for every one of the tokens. */
    void awaitActive(String introspector, List<String> tokens, boolean expected, Duration timeout) throws Exception {
        List<String> pending = new ArrayList<>(tokens);
        Instant deadline = Instant.now().plus(timeout);
        while (!pending.isEmpty()) {
            List<String> still = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += 64) {
                List<String> batch = pending.subList(from, Math.min(pending.size(), from + 64));
                List<java.util.concurrent.CompletableFuture<Boolean>> answers =
                        batch.stream().map(client.as(introspector)::activeAsync).toList();
                for (int i = 0; i < batch.size(); i++) {
                    if (answers.get(i).get() != expected) {
                        still.add(batch.get(i));
                    }
                }
            }
            pending = still;
            if (!pending.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(pending.size() + " tokens not active=" + expected + " after " + timeout);
                }
                Thread.sleep(100);
            }
        }
    }
}
