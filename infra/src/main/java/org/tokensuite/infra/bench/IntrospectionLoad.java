package org.tokensuite.infra.bench;

import org.tokensuite.api.secret.TokenSecrets;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * token-query's introspection under wrk: 1000 tokens presented in turn, 900 valid (50 owners) and
 * 100 invalid (a third revoked, a third well formed but unknown, a third with a bad checksum), by
 * one service credential holding {@code tokens:introspect} (RFC 7662, form {@code token=}).
 */
final class IntrospectionLoad {

    private final SuiteHttp http;
    private final TokenSupply supply;

    IntrospectionLoad(SuiteHttp http) {
        this.http = http;
        this.supply = new TokenSupply(http);
    }

    /** The introspector's credential (issued once, reused by later measurements). */
    String introspector() {
        return http.issue("bench-gateway", List.of("tokens:introspect")).token();
    }

    /** The request bodies in the order wrk presents them, and the tokens that must (not) verify. */
    record Mix(List<String> bodies, List<String> valid, List<String> revoked) {
    }

    /** Issues the tokens of the mix and waits until the index holds them. */
    Mix prepare(String introspector) throws Exception {
        List<String> valid = supply.issue(900, i -> "bench-user-" + (i % 50), TokenSupply.SCOPES).stream()
                .map(SuiteHttp.Issued::token).toList();
        List<SuiteHttp.Issued> toRevoke = supply.issue(34, i -> "bench-user-" + (i % 50), TokenSupply.SCOPES);
        toRevoke.forEach(t -> http.revoke(t.tokenId()));
        List<String> revoked = toRevoke.stream().map(SuiteHttp.Issued::token).toList();
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
        awaitIndexed(introspector, partial);
        List<String> bodies = new ArrayList<>();
        for (List<String> group : List.of(valid, revoked, unknown, badChecksum)) {
            group.forEach(t -> bodies.add("token=" + t));
        }
        Collections.shuffle(bodies, new SecureRandom());
        return new Mix(List.copyOf(bodies), valid, revoked);
    }

    /** Waits until token-query answers the mix as issued (after a start: its index is rebuilt from the topic). */
    void awaitIndexed(String introspector, Mix mix) throws Exception {
        supply.awaitActive(introspector, mix.valid(), true, Duration.ofMinutes(2));
        supply.awaitActive(introspector, mix.revoked(), false, Duration.ofMinutes(2));
    }

    WrkLoad.Result run(String introspector, Mix mix, WrkLoad load, int connections, Duration warmUp,
                       Duration duration) throws Exception {
        return run("token-query", introspector, mix, load, connections, warmUp, duration);
    }

    /** {@code label} names wrk's output files under the run's folder. */
    WrkLoad.Result run(String label, String introspector, Mix mix, WrkLoad load, int connections, Duration warmUp,
                       Duration duration) throws Exception {
        return load.run(label, http.endpoints().query(), "/v1/introspect", "Bearer " + introspector, mix.bodies(),
                connections, warmUp, duration, http.endpoints().tokenQueryPid().orElse(-1L));
    }
}
