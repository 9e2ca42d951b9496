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
 * Step {@code start-to-ready}: how long each of the suite's services takes from process start to ready
 * ({@code /actuator/health} {@code UP}). First token-query, the one with a target, with many active
 * tokens in the topic (its index must catch up with {@code token-events} before it is UP): {@code
 * BENCH_READY_TOKENS} TokenIssued events are published ({@link TokenEventPublisher}), token-query's index,
 * its view and the audit log are let catch up, then token-query is stopped (SIGTERM) and started again.
 * Then every other service process of the suite (token-command, audit-projector, lifecycle-listener, and
 * any second instance) is stopped and started again the same way, one at a time on the settled suite.
 * The time runs from just before the new process is spawned to its first {@code UP} (health polled every
 * {@link #POLL} ms).
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
    private static final long POLL = 50;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

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
            context.results().notMeasured("each other service from process start to ready", "–",
                    "needs the suite the benchmark starts (it restarts each service)");
            return;
        }
        System.out.printf("[bench] start to ready: %,d tokens published, then token-query restarted%n", readyTokens);
        Map<String, Object> json = new LinkedHashMap<>();
        context.results().put("start_to_ready", json);
        try {
            Result r = run(suite.get(), context, readyTokens);
            context.tokenQueryRestarted();
            json.put(Service.TOKEN_QUERY.instanceName(), r.json());
            context.results().row(WHAT + " (" + String.format("%,d", readyTokens) + " tokens published)",
                    String.format("%.1f s (%,d events in the topic)", r.seconds(), r.tokensInTopic()),
                    TARGET, String.format("%.2f of target", r.seconds() / 20),
                    Results.verdict(r.seconds() <= 20));
        } finally {
            // Each other service is measured (and reported) even when token-query's figure could not be taken.
            for (Service service : suite.get().options().services()) {
                if (service != Service.TOKEN_QUERY) {
                    others(context, suite.get(), service, json);
                }
            }
        }
    }

    /** One other service restarted and timed; a failure is reported for it and the next one is measured. */
    private static void others(BenchmarkContext context, Suite suite, Service service, Map<String, Object> json) {
        String what = service.instanceName() + " from process start to ready";
        try {
            System.out.printf("[bench] start to ready: %s restarted%n", service.instanceName());
            double seconds = restart(suite, service);
            if (service == Service.TOKEN_COMMAND) {
                context.tokenCommandRestarted();
            } else if (service.isTokenQuery()) {
                context.tokenQueryRestarted();
            }
            json.put(service.instanceName(), Map.of("seconds_to_ready", seconds));
            context.results().row(what, String.format("%.1f s", seconds), "–", "", "");
        } catch (Exception e) {
            context.results().notMeasured(what, "–", e.getMessage());
        }
    }

    /** Stops the service (SIGTERM), starts it again and returns the seconds from the spawn to its first UP. */
    private static double restart(Suite suite, Service service) throws InterruptedException {
        suite.stop(service);
        long started = System.nanoTime();
        suite.relaunch(service);
        while (!suite.healthy(service)) {
            if (suite.exitedProcess().filter(service.instanceName()::equals).isPresent()) {
                throw new IllegalStateException(service.instanceName() + " exited before it was ready (see "
                        + suite.logFile(service) + ")");
            }
            if (System.nanoTime() - started > TIMEOUT.toNanos()) {
                throw new IllegalStateException(service.instanceName() + " was not ready within " + TIMEOUT.toSeconds()
                        + " s of its start");
            }
            Thread.sleep(POLL);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** False while token-query answers 503 (its index still catching up with the burst). */
    private static boolean activeYet(SuiteClient introspecting, String token) {
        try {
            return introspecting.active(token);
        } catch (RuntimeException notReadyYet) {
            return false;
        }
    }

    private static Result run(Suite suite, BenchmarkContext context, int tokens) throws Exception {
        Duration timeout = TIMEOUT;
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
        return new Result(inTopic, restart(suite, Service.TOKEN_QUERY));
    }
}
