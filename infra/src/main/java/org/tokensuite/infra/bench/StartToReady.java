package org.tokensuite.infra.bench;

import org.tokensuite.infra.KafkaAccess;
import org.tokensuite.infra.Service;
import org.tokensuite.infra.Suite;
import org.tokensuite.infra.client.SuiteClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Step {@code start-to-ready}: how long a restarted token-query takes to be ready (its index caught up
 * with {@code token-events}) with many active tokens in the topic: {@code tokens} TokenIssued events
 * are published ({@link TokenEventPublisher}), token-query's index, its view and the audit log are let
 * catch up, then token-query is stopped (SIGTERM) and started again; the time runs from the new
 * process's start to its first {@code UP}.
 */
final class StartToReady implements BenchmarkStep {

    record Result(long tokensInTopic, double seconds) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("token_events_in_topic", tokensInTopic);
            m.put("seconds_to_ready", seconds);
            return m;
        }
    }

    private static final String WHAT = "token-query from process start to ready";
    private static final String TARGET = "≤ 20 s with 100 000 active tokens";

    @Override
    public String name() {
        return "start-to-ready";
    }

    @Override
    public Figure figure(BenchmarkContext context) {
        return new Figure(WHAT, TARGET);
    }

    @Override
    public void run(BenchmarkContext context) throws Exception {
        int readyTokens = Benchmark.intEnv("BENCH_READY_TOKENS", 100_000);
        Optional<Suite> suite = context.suite();
        if (suite.isEmpty()) {
            context.results().notMeasured(WHAT, TARGET, "needs the suite the benchmark starts (it restarts token-query)");
            return;
        }
        System.out.printf("[bench] start to ready: %,d tokens published, then token-query restarted%n", readyTokens);
        Result r = run(suite.get(), context, readyTokens, Duration.ofMinutes(5));
        context.tokenQueryRestarted();
        context.results().put("start_to_ready", r.json());
        context.results().row(WHAT + " (" + String.format("%,d", readyTokens) + " tokens published)",
                String.format("%.1f s (%,d events in the topic)", r.seconds(), r.tokensInTopic()),
                TARGET, String.format("%.2f of target", r.seconds() / 20),
                Results.verdict(r.seconds() <= 20));
    }

    /** False while token-query answers 503 (its index still catching up with the burst). */
    private static boolean activeYet(SuiteClient introspecting, String token) {
        try {
            return introspecting.active(token);
        } catch (RuntimeException notReadyYet) {
            return false;
        }
    }

    private static Result run(Suite suite, BenchmarkContext context, int tokens, Duration timeout) throws Exception {
        SuiteClient introspecting = context.client().as(context.introspector());
        KafkaAccess bootstrap = context.endpoints().kafka();
        List<TokenEventPublisher.Marker> markers = new TokenEventPublisher(bootstrap)
                .publish("ready-" + UUID.randomUUID().toString().substring(0, 8) + "-", tokens);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (TokenEventPublisher.Marker marker : markers) {
            while (!activeYet(introspecting, marker.secret())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("token-query did not index the published tokens in time");
                }
                Thread.sleep(200);
            }
        }
        // A restart on a settled suite: the DB view and the audit log have projected the burst too, so the
        // new process does not share the two cores with their catch-up.
        ViewRebuild.awaitProjected(context.client(), markers, deadline);
        long inTopic = TopicSize.records(bootstrap, "token-events");
        suite.stop(Service.TOKEN_QUERY);
        long started = System.nanoTime();
        suite.relaunch(Service.TOKEN_QUERY);
        while (!suite.healthy(Service.TOKEN_QUERY)) {
            if (System.nanoTime() - started > timeout.toNanos()) {
                throw new IllegalStateException("token-query was not ready within " + timeout.toSeconds() + " s of its start");
            }
            Thread.sleep(100);
        }
        return new Result(inTopic, (System.nanoTime() - started) / 1e9);
    }
}
