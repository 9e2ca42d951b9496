package org.tokensuite.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tokensuite.infra.client.SuiteClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Step {@code bulk-revocation}: incident response at scale. Issues {@code BENCH_BULK_TOKENS} (10 000) tokens for one
 * owner, takes the dry run of {@code POST /v1/revocations} by that owner (untimed: an operator reads it), then times
 * from just before the execution request to the moment introspection answers {@code active:false} for the last of
 * them (every still-active one re-checked, round after round over four pipelined connections
 * ({@link PipelinedIntrospection}), from the request's answer on: no token
 * can be inactive everywhere before its revocation is stored, and the answer comes once all are), and separately the
 * request itself. A smaller untimed round first ({@code BENCH_BULK_WARMUP_TOKENS}, 3 000) warms the services up.
 * After the set-up, the benchmark waits (untimed) until the set-up's own after-effects have settled ({@link Quiescence}:
 * the usage its checks recorded is flushed and taken in), and the databases' statistics are brought up to date where
 * the server's autovacuum is off ({@link PlannerStatistics}).
 */
final class BulkRevocation implements BenchmarkStep {

    static final String TARGET = "≤ 10 s";
    static final double TARGET_MILLIS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "bulk-revocation";
    }

    @Override
    public Figure figure(BenchmarkContext context) {
        return new Figure("bulk revocation by owner → last token inactive", TARGET);
    }

    @Override
    public void run(BenchmarkContext context) throws Exception {
        int count = Benchmark.intEnv("BENCH_BULK_TOKENS", 10_000);
        int warmUp = Benchmark.intEnv("BENCH_BULK_WARMUP_TOKENS", 3_000);
        if (warmUp > 0) {
            // Untimed: a service that has run for a while has compiled the revocation path; a first bulk pays the JIT.
            Round round = revokeAll(context, warmUp, "warm-up");
            System.out.printf("[bench] bulk revocation warm-up: %d tokens, last inactive after %.1f s%n", warmUp,
                    round.totalMillis() / 1000);
        }
        Round round = revokeAll(context, count, "measured");
        context.results().put("bulkRevocation", Map.of("tokens", count, "warmUpTokens", warmUp,
                "requestMillis", round.requestMillis(), "lastInactiveMillis", round.totalMillis(),
                "unavailableAnswers", round.unavailable()));
        context.results().row("bulk revocation by owner → last of " + count + " tokens inactive at introspection "
                        + "(request answered after " + String.format("%.0f ms", round.requestMillis()) + "; after a warm-up of "
                        + warmUp + " tokens; " + round.unavailable() + " introspection answers were 503, verification "
                        + "unavailable)",
                String.format("%.1f s", round.totalMillis() / 1000), TARGET, String.format("%.2f of target", round.totalMillis() / TARGET_MILLIS),
                Results.verdict(round.totalMillis() <= TARGET_MILLIS));
    }

    /** @param unavailable introspection answers that were 503 (token-query failing closed) while the probe ran */
    private record Round(double requestMillis, double totalMillis, long unavailable) {
    }

    /** Issues {@code count} tokens for a new owner, revokes them by that owner and times it. */
    private static Round revokeAll(BenchmarkContext context, int count, String label) throws Exception {
        String owner = "bench-incident-" + UUID.randomUUID().toString().substring(0, 8);
        String introspector = context.introspector();
        TokenSupply supply = new TokenSupply(context.client());
        System.out.printf("[bench] bulk revocation (%s): issuing %d tokens for %s%n", label, count, owner);
        List<String> tokens = supply.issue(count, i -> owner, TokenSupply.SCOPES).stream().map(SuiteClient.Issued::token).toList();
        supply.awaitActive(introspector, tokens, true, Duration.ofMinutes(5));
        Quiescence.afterChecks(context, "bulk revocation (" + label + ")");
        PlannerStatistics.refreshWhereAutovacuumIsOff(context);

        Map<String, Object> selector = Map.of("owner", owner);
        SuiteClient.Response dryRun = context.client().command("POST", "/v1/revocations", Map.of("selector", selector, "dryRun", true));
        if (dryRun.status() != 200 || dryRun.json().path("count").asInt() != count) {
            throw new IllegalStateException("the dry run did not find the " + count + " tokens: " + dryRun);
        }
        JsonNode plan = dryRun.json();
        System.out.printf("[bench] bulk revocation (%s): revoking the %d tokens%n", label, count);
        long started = System.nanoTime();
        Map<String, String> headers = new HashMap<>(SuiteClient.bearer(context.endpoints().adminToken()));
        headers.put("Content-Type", "application/json");
        byte[] body = JSON.writeValueAsBytes(Map.of("selector", selector, "dryRun", false, "expectedCount", count,
                "expectedFingerprint", plan.path("fingerprint").asText(), "reason", "benchmark"));
        // Longer than a command's usual 30 s: the answer comes once every token is revoked.
        SuiteClient.Response executed = context.client().send(context.endpoints().command(), "POST", "/v1/revocations",
                headers, body, Duration.ofMinutes(2));
        long answered = System.nanoTime();
        if (executed.status() != 200) {
            throw new IllegalStateException("the bulk revocation was refused: " + executed);
        }
        System.out.printf("[bench] bulk revocation (%s): answered after %.0f ms; introspecting until none is active%n", label,
                (answered - started) / 1e6);
        PipelinedIntrospection probe = new PipelinedIntrospection(context.endpoints().query(), introspector);
        awaitInactive(probe, tokens, started);
        long lastInactive = System.nanoTime();
        return new Round((answered - started) / 1e6, (lastInactive - started) / 1e6, probe.unavailableAnswers());
    }

    private static void awaitInactive(PipelinedIntrospection probe, List<String> tokens, long started) throws Exception {
        List<String> pending = tokens;
        long deadline = started + TimeUnit.SECONDS.toNanos(120);
        for (int round = 1; !pending.isEmpty(); round++) {
            pending = probe.stillActive(pending);
            System.out.printf("[bench] bulk revocation: round %d, %d still active or unanswered %.1f s after the request "
                    + "(503 answers so far: %d)%n", round, pending.size(), (System.nanoTime() - started) / 1e9,
                    probe.unavailableAnswers());
            if (!pending.isEmpty() && System.nanoTime() > deadline) {
                throw new IllegalStateException(pending.size() + " tokens still verify 120 s after the bulk revocation");
            }
        }
    }
}
