package org.tokensuite.infra.bench;

import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.infra.client.SuiteClient;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Step {@code introspection}: token-query's introspection under wrk, right after Keycloak's (the
 * reference, when it was started), against the JDBC floor: 1000 tokens presented in turn, 900 valid
 * (50 owners) and 100 invalid (a third revoked, a third well formed but unknown, a third with a bad
 * checksum), by one service credential holding {@code tokens:introspect} (RFC 7662, form
 * {@code token=}). Also run when only {@code usage-cost} is asked for: it is the "usage tracking on" half.
 */
final class IntrospectionLoad implements BenchmarkStep {

    static final String TARGET_THROUGHPUT = "≥ 40× Keycloak";
    static final double TARGET_RATIO = 40;
    static final String TARGET_P99 = "≤ 1/20 of Keycloak's";

    /** The request bodies in the order wrk presents them, and the tokens that must (not) verify. */
    record Mix(List<String> bodies, List<String> valid, List<String> revoked) {
    }

    /** The introspector's credential (issued once, reused by later measurements). */
    static String introspector(SuiteClient admin) {
        return admin.issue("bench-gateway", "bench", List.of("tokens:introspect"), "P1D").token();
    }

    @Override
    public String name() {
        return "introspection";
    }

    @Override
    public boolean selectedBy(Set<String> only) {
        return only.isEmpty() || only.contains("introspection") || only.contains("usage-cost");
    }

    @Override
    public Figure figure(BenchmarkContext context) {
        return new Figure("introspection throughput", TARGET_THROUGHPUT);
    }

    @Override
    public void run(BenchmarkContext context) throws Exception {
        Results results = context.results();
        int connections = context.connections();
        Duration warmUp = context.warmUp();
        Duration duration = context.duration();
        String introspector = context.introspector();
        context.mix = prepare(context.client(), introspector);
        KeycloakReference keycloakServer = context.keycloak;
        WrkLoad.Result keycloak = null;
        if (keycloakServer != null) {
            try {
                System.out.printf("[bench] Keycloak introspection: %d connections, %s, %d s measured%n",
                        connections, warmUpRule(warmUp), duration.toSeconds());
                keycloak = keycloakServer.measure(context.wrk(), connections, warmUp, duration);
                context.keycloakIntrospection = keycloak;
                results.put("keycloak_introspection", keycloak.json());
            } catch (Exception e) {
                context.keycloakWhyNot = e.getMessage();
            } finally {
                keycloakServer.close();
            }
        }
        // The same warm-up for both: token-query's lasts at least as long as Keycloak's did (each until its own
        // compilers have settled), so neither is measured earlier in its life than the other.
        Duration ourWarmUp = keycloak == null ? warmUp : Collections.max(List.of(warmUp, keycloak.warmedUp().taken()));
        System.out.printf("[bench] token-query introspection: %d connections, %s, %d s measured%n",
                connections, warmUpRule(ourWarmUp), duration.toSeconds());
        WrkLoad.Result ours = run("token-query", context, context.mix, ourWarmUp);
        context.introspection = ours;
        results.put("token_query_introspection", ours.json());
        String errors = ours.errors() == 0 ? "" : " (" + ours.errors() + " errors)";
        if (keycloak != null) {
            double ratio = ours.perSecond() / keycloak.perSecond();
            results.row("introspection throughput, " + connections + " conn, 90 % valid",
                    String.format("%,.0f req/s%s (Keycloak %,.0f req/s)", ours.perSecond(), errors, keycloak.perSecond()),
                    TARGET_THROUGHPUT, String.format("%.1f×", ratio), Results.verdict(ratio >= TARGET_RATIO));
            double p99Ratio = keycloak.p99Millis() / ours.p99Millis();
            results.row("introspection latency p50 / p99",
                    String.format("%.2f / %.2f ms (Keycloak %.1f / %.1f ms; after %s / Keycloak %s)", ours.p50Millis(),
                            ours.p99Millis(), keycloak.p50Millis(), keycloak.p99Millis(), ours.warmedUp().describe(),
                            keycloak.warmedUp().describe()),
                    TARGET_P99, String.format("1/%.1f", p99Ratio), Results.verdict(p99Ratio >= 20));
            results.row("introspection requests per server CPU-second (load-independent)",
                    String.format("%,.0f (Keycloak %,.0f)", ours.perServerCpuSecond(), keycloak.perServerCpuSecond()),
                    "–", String.format("%.1f×", ours.perServerCpuSecond() / keycloak.perServerCpuSecond()), "");
        } else {
            results.row("introspection throughput, " + connections + " conn, 90 % valid",
                    String.format("%,.0f req/s%s", ours.perSecond(), errors), TARGET_THROUGHPUT,
                    "Keycloak not measured: " + context.keycloakWhyNot, "not judged");
            results.row("introspection latency p50 / p99",
                    String.format("%.2f / %.2f ms (after %s)", ours.p50Millis(), ours.p99Millis(),
                            ours.warmedUp().describe()), TARGET_P99,
                    "Keycloak not measured", "not judged");
        }
        if (context.floor != null) {
            Window one = context.floor.get("1 thread");
            Window many = context.floor.get("32 threads");
            results.row("reference: PostgreSQL PK lookup over JDBC (100k hashes)",
                    String.format("1 thread p50 %.0f µs / p99 %.0f µs (%,.0f/s); 32 threads %,.0f/s, p99 %.2f ms",
                            one.latencies().p50Millis() * 1000, one.latencies().p99Millis() * 1000, one.perSecond(),
                            many.perSecond(), many.latencies().p99Millis()),
                    "–", String.format("introspection over HTTP = %.2f× the 32-thread lookups/s",
                            ours.perSecond() / many.perSecond()), "");
        }
    }

    /** The Keycloak reference row and the windows' steadiness, whether or not token-query's figures could be taken. */
    @Override
    public void afterwards(BenchmarkContext context) {
        WrkLoad.Result keycloak = context.keycloakIntrospection;
        List<Results.Phase> phases = new ArrayList<>();
        if (keycloak != null) {
            phases.add(keycloak.asPhase("Keycloak", context.duration()));
        }
        if (context.introspection != null) {
            phases.add(context.introspection.asPhase("token-query", context.duration()));
        }
        context.results().steadiness("introspection", phases);
        if (keycloak != null) {
            context.results().row("reference: Keycloak " + KeycloakReference.VERSION + " RFC 7662 introspection",
                    String.format("%,.0f req/s, p50 %.1f ms, p99 %.1f ms%s", keycloak.perSecond(), keycloak.p50Millis(),
                            keycloak.p99Millis(), keycloak.errors() == 0 ? "" : " (" + keycloak.errors() + " errors)"),
                    "–", "earlier reference run: ~340 req/s, p99 ~230 ms", "");
        } else {
            context.results().notMeasured("reference: Keycloak " + KeycloakReference.VERSION + " introspection", "–",
                    context.keycloakWhyNot);
        }
    }

    /** How a server is warmed up before its window, for the progress lines. */
    static String warmUpRule(Duration least) {
        return String.format("warm-up of %d s and on until its JIT compilers use at most %.0f %% of its CPU",
                least.toSeconds(), 100 * ProcessCpu.COMPILERS_SETTLED);
    }

    /** Issues the tokens of the mix and waits until the index holds them. */
    static Mix prepare(SuiteClient admin, String introspector) throws Exception {
        TokenSupply supply = new TokenSupply(admin);
        List<String> valid = supply.issue(900, i -> "bench-user-" + (i % 50), TokenSupply.SCOPES).stream()
                .map(SuiteClient.Issued::token).toList();
        List<SuiteClient.Issued> toRevoke = supply.issue(34, i -> "bench-user-" + (i % 50), TokenSupply.SCOPES);
        toRevoke.forEach(t -> admin.revoke(t.tokenId(), "benchmark").expect(200));
        List<String> revoked = toRevoke.stream().map(SuiteClient.Issued::token).toList();
        TokenSecrets secrets = new TokenSecrets();
        List<String> unknown = new ArrayList<>();
        List<String> badChecksum = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            unknown.add(secrets.generate());
            String t = secrets.generate();
            char last = t.charAt(t.length() - 1);
            badChecksum.add(t.substring(0, t.length() - 1) + (last == 'A' ? 'B' : 'A'));
        }
        Mix partial = new Mix(List.of(), valid, revoked);
        awaitIndexed(admin, introspector, partial);
        List<String> bodies = new ArrayList<>();
        for (List<String> group : List.of(valid, revoked, unknown, badChecksum)) {
            group.forEach(t -> bodies.add("token=" + t));
        }
        Collections.shuffle(bodies, new SecureRandom());
        return new Mix(List.copyOf(bodies), valid, revoked);
    }

    /** Waits until token-query answers the mix as issued (after a start: its index is rebuilt from the topic). */
    static void awaitIndexed(SuiteClient admin, String introspector, Mix mix) throws Exception {
        TokenSupply supply = new TokenSupply(admin);
        supply.awaitActive(introspector, mix.valid(), true, Duration.ofMinutes(2));
        supply.awaitActive(introspector, mix.revoked(), false, Duration.ofMinutes(2));
    }

    /**
     * One wrk run over the mix against token-query as it runs now, warmed up for at least {@code warmUp};
     * {@code label} names wrk's output files.
     */
    static WrkLoad.Result run(String label, BenchmarkContext context, Mix mix, Duration warmUp) throws Exception {
        Endpoints endpoints = context.endpoints();
        return context.wrk().run(label, endpoints.query(), "/v1/introspect", "Bearer " + context.introspector(),
                mix.bodies(), context.connections(), warmUp, context.duration(), endpoints.tokenQueryPid().orElse(-1L));
    }
}
