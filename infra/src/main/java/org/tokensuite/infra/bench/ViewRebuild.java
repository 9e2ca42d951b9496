package org.tokensuite.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * token-query's view rebuilt from the topic: {@code POST /v1/admin/replay} (the processor is reset to
 * the start of {@code token-events}; the view tables are truncated), then {@code GET} every 50 ms
 * until the processor no longer replays. Rate = the topic's records / elapsed time. So that the rate is
 * not all start-up cost, {@code extraEvents} TokenIssued events are first published onto the topic
 * ({@link TokenEventPublisher}) and both the view and the audit log are let catch up with them.
 */
final class ViewRebuild {

    record Result(long events, double seconds, double perSecond) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("events", events);
            m.put("seconds", seconds);
            m.put("events_per_s", perSecond);
            return m;
        }
    }

    private final SuiteHttp http;

    ViewRebuild(SuiteHttp http) {
        this.http = http;
    }

    Result run(int extraEvents, Duration timeout) throws Exception {
        if (extraEvents > 0) {
            List<TokenEventPublisher.Marker> markers = new TokenEventPublisher(http.endpoints().kafka())
                    .publish("rebuild-" + UUID.randomUUID().toString().substring(0, 8) + "-", extraEvents);
            awaitProjected(http, markers, System.nanoTime() + timeout.toNanos());
        }
        long events = TopicSize.records(http.endpoints().kafka(), "token-events");
        var status = http.endpoints().query().resolve("/v1/admin/replay");
        long started = System.nanoTime();
        JsonNode answer = http.postJson(status, Map.of(), 202);
        boolean seenReplaying = answer.path("replaying").asBoolean();
        long deadline = started + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            JsonNode now = http.getJson(status);
            boolean replaying = now.path("replaying").asBoolean();
            if (replaying) {
                seenReplaying = true;
            } else if (seenReplaying && now.path("running").asBoolean()) {
                double seconds = (System.nanoTime() - started) / 1e9;
                return new Result(events, seconds, events / seconds);
            } else if (!seenReplaying && System.nanoTime() - started > Duration.ofSeconds(20).toNanos()) {
                throw new IllegalStateException("the replay was never reported as running: " + now);
            }
        }
        throw new IllegalStateException("the replay of " + events + " events did not finish within " + timeout.toMinutes()
                + " min (the view holds " + viewSize() + " tokens)");
    }

    private long viewSize() {
        return viewSize(http);
    }

    private static long viewSize(SuiteHttp http) {
        return http.getJson(http.endpoints().query().resolve("/v1/tokens?size=1")).path("total").asLong(-1);
    }

    /** Until the view (GET /v1/tokens/{id}) and the audit log both show every marker. */
    static void awaitProjected(SuiteHttp http, List<TokenEventPublisher.Marker> markers, long deadline) throws InterruptedException {
        List<TokenEventPublisher.Marker> pending = new ArrayList<>(markers);
        while (!pending.isEmpty()) {
            pending.removeIf(m -> http.status(http.endpoints().query().resolve("/v1/tokens/" + m.tokenId())) == 200
                    && http.auditEntries(m.tokenId(), "TokenIssued") > 0);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the view and audit log did not catch up with " + markers.size()
                        + " markers after a burst of published events within the time allowed (the view holds "
                        + viewSize(http) + " tokens; " + pending.size() + " markers missing)");
            }
            Thread.sleep(500);
        }
    }
}
