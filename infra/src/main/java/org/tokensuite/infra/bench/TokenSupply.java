package org.tokensuite.infra.bench;

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

    private final SuiteHttp http;

    TokenSupply(SuiteHttp http) {
        this.http = http;
    }

    List<SuiteHttp.Issued> issue(int count, IntFunction<String> owner, List<String> scopes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<SuiteHttp.Issued>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> http.issue(owner.apply(n), scopes)));
            }
            List<SuiteHttp.Issued> issued = new ArrayList<>();
            for (Future<SuiteHttp.Issued> f : futures) {
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
                        batch.stream().map(t -> http.activeAsync(introspector, t)).toList();
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
