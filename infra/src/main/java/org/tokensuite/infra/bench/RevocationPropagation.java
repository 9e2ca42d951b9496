package org.tokensuite.infra.bench;

import org.tokensuite.infra.client.SuiteClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Step {@code revocation}: for each of K active tokens, one after another: revoke it (token-command),
 * then from the moment the revoke response arrived, introspect it back to back until {@code
 * active:false}, and at the same time poll the audit log ({@code GET
 * /v1/audit/events?tokenId=&type=TokenRevoked}) every few milliseconds until the entry is there. The
 * audit figure is therefore up to one poll interval late.
 */
final class RevocationPropagation implements BenchmarkStep {

    static final long AUDIT_POLL_MILLIS = 5;
    static final String TARGET = "p99 ≤ 50 ms";
    static final double TARGET_MILLIS = 50;

    record Result(Latencies toInactive, Latencies toAudit) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("revoke_response_to_inactive", toInactive.json());
            m.put("revoke_response_to_audit_entry", toAudit.json());
            m.put("audit_poll_interval_ms", AUDIT_POLL_MILLIS);
            return m;
        }
    }

    private SuiteClient admin;

    @Override
    public String name() {
        return "revocation";
    }

    @Override
    public Figure figure(BenchmarkContext context) {
        return new Figure("revocation: revoke response → active:false", TARGET);
    }

    @Override
    public void run(BenchmarkContext context) throws Exception {
        int revocations = Benchmark.intEnv("BENCH_REVOCATIONS", 200);
        System.out.printf("[bench] revocation propagation over %d tokens%n", revocations);
        Result r = run(context.client(), context.introspector(), revocations);
        Results results = context.results();
        results.put("revocation_propagation", r.json());
        results.row("revocation: revoke response → active:false (" + revocations + " tokens)",
                String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", r.toInactive().p50Millis(),
                        r.toInactive().p99Millis(), r.toInactive().maxMillis()),
                TARGET, String.format("%.2f of target", r.toInactive().p99Millis() / TARGET_MILLIS),
                Results.verdict(r.toInactive().p99Millis() <= TARGET_MILLIS));
        results.row("revocation: revoke response → audit entry, under introspection polling (information; judged in view-lag)",
                String.format("p50 %.0f ms, p99 %.0f ms (polled every %d ms)", r.toAudit().p50Millis(),
                        r.toAudit().p99Millis(), AUDIT_POLL_MILLIS), "–", "", "");
    }

    private Result run(SuiteClient admin, String introspector, int count) throws Exception {
        this.admin = admin;
        SuiteClient introspecting = admin.as(introspector);
        TokenSupply supply = new TokenSupply(admin);
        List<SuiteClient.Issued> tokens = supply.issue(count, i -> "bench-revoke-" + (i % 20), TokenSupply.SCOPES);
        supply.awaitActive(introspector, tokens.stream().map(SuiteClient.Issued::token).toList(), true, Duration.ofMinutes(2));
        Samples inactive = new Samples();
        Samples audited = new Samples();
        for (SuiteClient.Issued token : tokens) {
            admin.revoke(token.tokenId(), "benchmark").expect(200);
            long revoked = System.nanoTime();
            CompletableFuture<Long> audit = CompletableFuture.supplyAsync(() -> awaitAudit(token.tokenId(), revoked));
            long deadline = revoked + TimeUnit.SECONDS.toNanos(30);
            while (introspecting.active(token.token())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a revoked token still verified after 30 s");
                }
            }
            inactive.add(System.nanoTime() - revoked);
            audited.add(audit.get(60, TimeUnit.SECONDS));
        }
        return new Result(Latencies.of(inactive.toArray()), Latencies.of(audited.toArray()));
    }

    private long awaitAudit(String tokenId, long since) {
        long deadline = since + TimeUnit.SECONDS.toNanos(30);
        while (ViewRebuild.auditEntries(admin, tokenId, "TokenRevoked") == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no TokenRevoked audit entry after 30 s");
            }
            try {
                Thread.sleep(AUDIT_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return System.nanoTime() - since;
    }
}
