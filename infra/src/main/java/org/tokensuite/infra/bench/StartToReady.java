package org.tokensuite.infra.bench;

import org.tokensuite.infra.KafkaAccess;
import org.tokensuite.infra.Service;
import org.tokensuite.infra.Suite;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How long a restarted token-query takes to be ready (its index caught up with {@code token-events})
 * with many active tokens in the topic: {@code tokens} TokenIssued events are published
 * ({@link TokenEventPublisher}), token-query's index, its view and the audit log are let catch up, then
 * token-query is stopped (SIGTERM) and started again;
 * the time runs from the new process's start to its first {@code UP}.
 */
final class StartToReady {

    record Result(long tokensInTopic, double seconds) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("token_events_in_topic", tokensInTopic);
            m.put("seconds_to_ready", seconds);
            return m;
        }
    }

    private final Suite suite;
    private final SuiteHttp http;

    StartToReady(Suite suite, SuiteHttp http) {
        this.suite = suite;
        this.http = http;
    }

    /** False while token-query answers 503 (its index still catching up with the burst). */
    private boolean activeYet(String credential, String token) {
        try {
            return http.active(credential, token);
        } catch (RuntimeException notReadyYet) {
            return false;
        }
    }

    Result run(String credential, int tokens, Duration timeout) throws Exception {
        KafkaAccess bootstrap = http.endpoints().kafka();
        List<TokenEventPublisher.Marker> markers = new TokenEventPublisher(bootstrap)
                .publish("ready-" + UUID.randomUUID().toString().substring(0, 8) + "-", tokens);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (TokenEventPublisher.Marker marker : markers) {
            while (!activeYet(credential, marker.secret())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("token-query did not index the published tokens in time");
                }
                Thread.sleep(200);
            }
        }
        // A restart on a settled suite: the DB view and the audit log have projected the burst too, so the
        // new process does not share the two cores with their catch-up.
        ViewRebuild.awaitProjected(http, markers, deadline);
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
