package org.tokensuite.infra.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * For each of K active tokens, one after another: revoke it (token-command), then from the moment
 * the revoke response arrived, introspect it back to back until {@code active:false}, and at the same
 * time poll the audit log ({@code GET /v1/audit/events?tokenId=&type=TokenRevoked}) every few
 * milliseconds until the entry is there. The audit figure is therefore up to one poll interval late.
 */
final class RevocationPropagation {

    static final long AUDIT_POLL_MILLIS = 5;

    record Result(Latencies toInactive, Latencies toAudit) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("revoke_response_to_inactive", toInactive.json());
            m.put("revoke_response_to_audit_entry", toAudit.json());
            m.put("audit_poll_interval_ms", AUDIT_POLL_MILLIS);
            return m;
        }
    }

    private final SuiteHttp http;

    RevocationPropagation(SuiteHttp http) {
        this.http = http;
    }

    Result run(String introspector, int count) throws Exception {
        TokenSupply supply = new TokenSupply(http);
        List<SuiteHttp.Issued> tokens = supply.issue(count, i -> "bench-revoke-" + (i % 20), TokenSupply.SCOPES);
        supply.awaitActive(introspector, tokens.stream().map(SuiteHttp.Issued::token).toList(), true, Duration.ofMinutes(2));
        Samples inactive = new Samples();
        Samples audited = new Samples();
        for (SuiteHttp.Issued token : tokens) {
            http.revoke(token.tokenId());
            long revoked = System.nanoTime();
            CompletableFuture<Long> audit = CompletableFuture.supplyAsync(() -> awaitAudit(token.tokenId(), revoked));
            long deadline = revoked + TimeUnit.SECONDS.toNanos(30);
            while (http.active(introspector, token.token())) {
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
        while (http.auditEntries(tokenId, "TokenRevoked") == 0) {
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
