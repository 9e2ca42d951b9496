package org.tokensuite.infra.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Commands per second, sustained: {@code clients} threads each send issue commands back to back
 * for a fixed time (each answer awaited: 201 with the secret means stored in the event store),
 * then rotate, then revoke, the tokens they issued.
 */
final class CommandThroughput {

    record Result(String command, long count, double perSecond, Latencies latencies) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("per_s", perSecond);
            m.putAll(latencies.json());
            return m;
        }
    }

    /** One command; false when this client has nothing left to do. */
    private interface Step {
        boolean run(int client, int iteration);
    }

    private final SuiteHttp http;
    private final int clients;

    CommandThroughput(SuiteHttp http, int clients) {
        this.http = http;
        this.clients = clients;
    }

    /** The phases that completed are in {@code results} even when a later one fails. */
    void run(Duration issueFor, Duration rotateFor, Duration revokeFor, List<Result> results) throws InterruptedException {
        List<List<String>> issued = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            issued.add(new ArrayList<>());
        }
        measure("warm-up", Duration.ofSeconds(3), (c, i) -> http.issue("bench-warm-" + c, TokenSupply.SCOPES) != null);
        results.add(measure("issue", issueFor,
                (c, i) -> issued.get(c).add(http.issue("bench-cmd-" + c + "-" + (i % 20), TokenSupply.SCOPES).tokenId())));
        results.add(measure("rotate", rotateFor, (c, i) -> {
            List<String> mine = issued.get(c);
            http.rotate(mine.get(i % mine.size()));
            return true;
        }));
        // Each token revoked once (a repeated revoke would be a no-op); a client out of tokens stops.
        results.add(measure("revoke", revokeFor, (c, i) -> {
            List<String> mine = issued.get(c);
            if (i >= mine.size()) {
                return false;
            }
            http.revoke(mine.get(i));
            return true;
        }));
    }

    private Result measure(String command, Duration duration, Step step) throws InterruptedException {
        List<Samples> all = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Samples samples = new Samples();
            all.add(samples);
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        long start = System.nanoTime();
                        if (!step.run(client, i)) {
                            break;
                        }
                        samples.add(System.nanoTime() - start);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "bench-" + command + "-" + c));
        }
        long started = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException(command + " failed: " + failures.get(0).getMessage(), failures.get(0));
        }
        long[] merged = Samples.merge(all);
        return new Result(command, merged.length, merged.length / seconds, Latencies.of(merged));
    }
}
