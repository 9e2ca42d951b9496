package org.tokensuite.infra.bench;

import org.tokensuite.infra.client.SuiteClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Step {@code commands}: commands per second, sustained: {@code clients} threads each send issue
 * commands back to back for a fixed time (each answer awaited: 201 with the secret means stored in
 * the event store), then rotate, then revoke, the tokens they issued.
 */
final class CommandThroughput implements BenchmarkStep {

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
    private interface Call {
        boolean run(int client, int iteration);
    }

    private final List<Result> measured = new ArrayList<>();
    private SuiteClient admin;
    private int clients;

    @Override
    public String name() {
        return "commands";
    }

    /** Issue when nothing was measured, else what came after the phases that were. */
    @Override
    public Figure figure(BenchmarkContext context) {
        return measured.isEmpty() ? new Figure("issue commands, sustained", "≥ 1,500/s")
                : new Figure("rotate/revoke commands", "–");
    }

    /** The rows of the phases that completed are reported even when a later one fails. */
    @Override
    public void run(BenchmarkContext context) throws Exception {
        admin = context.client();
        clients = Benchmark.intEnv("BENCH_CLIENTS", 32);
        try {
            Duration issueFor = Duration.ofSeconds(Benchmark.intEnv("BENCH_COMMAND_SECONDS", 15));
            System.out.printf("[bench] commands: %d clients, issue %d s, rotate and revoke %d s each%n", clients,
                    issueFor.toSeconds(), issueFor.toSeconds() * 2 / 3);
            run(issueFor, issueFor.multipliedBy(2).dividedBy(3), issueFor.multipliedBy(2).dividedBy(3));
        } finally {
            Map<String, Object> json = new LinkedHashMap<>();
            for (Result r : measured) {
                json.put(r.command(), r.json());
                boolean issue = r.command().equals("issue");
                context.results().row(r.command() + " commands, sustained, " + clients + " clients",
                        String.format("%,.0f/s (p50 %.1f ms, p99 %.1f ms)", r.perSecond(), r.latencies().p50Millis(),
                                r.latencies().p99Millis()),
                        issue ? "≥ 1,500/s" : "–", issue ? String.format("%.2f× target", r.perSecond() / 1500) : "",
                        issue ? Results.verdict(r.perSecond() >= 1500) : "");
            }
            context.results().put("commands", json);
        }
    }

    private void run(Duration issueFor, Duration rotateFor, Duration revokeFor) throws InterruptedException {
        List<List<String>> issued = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            issued.add(new ArrayList<>());
        }
        measure("warm-up", Duration.ofSeconds(3), (c, i) -> issue("bench-warm-" + c) != null);
        measured.add(measure("issue", issueFor,
                (c, i) -> issued.get(c).add(issue("bench-cmd-" + c + "-" + (i % 20)).tokenId())));
        measured.add(measure("rotate", rotateFor, (c, i) -> {
            List<String> mine = issued.get(c);
            admin.rotate(mine.get(i % mine.size()), Map.of()).expect(200);
            return true;
        }));
        // Each token revoked once (a repeated revoke would be a no-op); a client out of tokens stops.
        measured.add(measure("revoke", revokeFor, (c, i) -> {
            List<String> mine = issued.get(c);
            if (i >= mine.size()) {
                return false;
            }
            admin.revoke(mine.get(i), "benchmark").expect(200);
            return true;
        }));
    }

    private SuiteClient.Issued issue(String ownerId) {
        return admin.issue(ownerId, "bench", TokenSupply.SCOPES, "P1D");
    }

    private Result measure(String command, Duration duration, Call step) throws InterruptedException {
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
