package org.tokensuite.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * token-query's view rebuilt from the topic: {@code POST /v1/admin/replay} (the processor is reset to
 * the start of {@code token-events}; the view tables are truncated), then {@code GET} every 50 ms
 * until the processor no longer replays. Rate = the topic's records / elapsed time.
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

    Result run(Duration timeout) throws InterruptedException {
        long events = TopicSize.records(http.endpoints().kafkaBootstrapServers(), "token-events");
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
        throw new IllegalStateException("the replay of " + events + " events did not finish within " + timeout);
    }
}
