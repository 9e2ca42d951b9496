package org.tokensuite.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.tokensuite.infra.KafkaAccess;
import org.tokensuite.infra.client.SuiteClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Step {@code rebuild}: token-query's view rebuilt from the topic: {@code POST /v1/admin/replay} (the
 * processor is reset to the start of {@code token-events}; the view tables are truncated), then {@code
 * GET} every 50 ms until the processor no longer replays. Rate = the topic's records / elapsed time.
 * So that the rate is not all start-up cost, {@code extraEvents} TokenIssued events are first
 * published onto the topic ({@link TokenEventPublisher}) and both the view and the audit log are let
 * catch up with them.
 */
final class ViewRebuild implements BenchmarkStep {

    record Result(long events, double seconds, double perSecond) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("events", events);
            m.put("seconds", seconds);
            m.put("events_per_s", perSecond);
            return m;
        }
    }

    @Override
    public String name() {
        return "rebuild";
    }

    @Override
    public Figure figure(BenchmarkContext context) {
        return new Figure("token-query view rebuilt from the topic", "≥ 20,000 events/s");
    }

    @Override
    public void run(BenchmarkContext context) throws Exception {
        System.out.printf("[bench] view rebuild (replay) from token-events%n");
        Result r = run(context.client(), context.endpoints().kafka(), Benchmark.intEnv("BENCH_REBUILD_EVENTS", 0),
                Duration.ofMinutes(5));
        context.results().put("view_rebuild", r.json());
        context.results().row("token-query view rebuilt from the topic (replay)",
                String.format("%,.0f events/s (%,d events in %.1f s)", r.perSecond(), r.events(), r.seconds()),
                "≥ 20,000 events/s", String.format("%.2f× target", r.perSecond() / 20_000),
                Results.verdict(r.perSecond() >= 20_000));
    }

    private static Result run(SuiteClient admin, KafkaAccess kafka, int extraEvents, Duration timeout) throws Exception {
        if (extraEvents > 0) {
            List<TokenEventPublisher.Marker> markers = new TokenEventPublisher(kafka)
                    .publish("rebuild-" + UUID.randomUUID().toString().substring(0, 8) + "-", extraEvents);
            awaitProjected(admin, markers, System.nanoTime() + timeout.toNanos());
        }
        long events = TopicSize.records(kafka, "token-events");
        long started = System.nanoTime();
        JsonNode answer = admin.replay().expect(202).json();
        boolean seenReplaying = answer.path("replaying").asBoolean();
        long deadline = started + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            JsonNode now = admin.replayStatus().expect(200).json();
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
                + " min (the view holds " + viewSize(admin) + " tokens)");
    }

    private static long viewSize(SuiteClient admin) {
        return admin.tokens("size=1").expect(200).json().path("total").asLong(-1);
    }

    /** Audit entries of one token with the given type (e.g. TokenRevoked); fails unless audit-projector answers 200. */
    static int auditEntries(SuiteClient admin, String tokenId, String type) {
        return admin.auditEvents("tokenId=" + tokenId + "&type=" + type).expect(200).json().path("entries").size();
    }

    /** Until the view (GET /v1/tokens/{id}) and the audit log both show every marker. */
    static void awaitProjected(SuiteClient admin, List<TokenEventPublisher.Marker> markers, long deadline) throws InterruptedException {
        List<TokenEventPublisher.Marker> pending = new ArrayList<>(markers);
        while (!pending.isEmpty()) {
            pending.removeIf(m -> admin.token(m.tokenId()).status() == 200
                    && auditEntries(admin, m.tokenId(), "TokenIssued") > 0);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the view and audit log did not catch up with " + markers.size()
                        + " markers after a burst of published events within the time allowed (the view holds "
                        + viewSize(admin) + " tokens; " + pending.size() + " markers missing)");
            }
            Thread.sleep(500);
        }
    }
}
