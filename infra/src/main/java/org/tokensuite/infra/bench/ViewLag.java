package org.tokensuite.infra.bench;

import org.tokensuite.infra.client.SuiteClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Step {@code view-lag}: how long after a command's answer its change can be read from the views, on a
 * settled suite, one token at a time: issue, then from the moment the 201 arrived poll token-query's
 * {@code GET /v1/tokens/{id}} until it answers 200 (the inventory view has it); then revoke it, and from
 * the moment the 200 arrived poll audit-projector's {@code GET /v1/audit/events?tokenId=…&type=TokenRevoked}
 * until the entry is there. Polls start every {@link #POLL_INTERVAL} (back to back when one takes longer),
 * so each figure is late by at most one interval plus one request; the mean interval achieved is reported.
 * Plain reads, without any read-your-writes header: the lag every reader sees. A consumer of the benchmark's own
 * ({@link TopicArrivals}) notes when each event reaches {@code token-events}, which splits each lag into its
 * publishing part (answer → on the topic) and its projecting part (on the topic → readable).
 * <p>
 * Then, as information, what a client that must read its own write sees: half as many tokens again, each issue's and
 * revoke's {@code X-Token-Version} sent as {@code X-Not-Older-Than} on one read of the view and one of the audit log,
 * timed from the command's answer to that read's 200 (which must show the write).
 */
final class ViewLag implements BenchmarkStep {

    static final Duration POLL_INTERVAL = Duration.ofMillis(1);
    static final String TARGET_VIEW = "p99 ≤ 50 ms";
    static final String TARGET_AUDIT = "p99 ≤ 150 ms";
    /** Untimed rounds at least, however short the warm-up. */
    private static final int LEAST_UNTIMED = 10;

    /**
     * The lags, each split at the event's arrival on the topic, and the polls it took to see them (for the mean
     * interval between polls).
     */
    record Result(Latencies view, Latencies audit, Split viewSplit, Split auditSplit, double viewPollMillis,
                  double auditPollMillis, ReadOwn readOwn) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("issue_answer_to_view", view.json());
            m.put("revoke_answer_to_audit_entry", audit.json());
            m.put("issue_answer_to_topic", viewSplit.publishing().json());
            m.put("topic_to_view", viewSplit.projecting().json());
            m.put("revoke_answer_to_topic", auditSplit.publishing().json());
            m.put("topic_to_audit_entry", auditSplit.projecting().json());
            m.put("view_mean_poll_interval_ms", viewPollMillis);
            m.put("audit_mean_poll_interval_ms", auditPollMillis);
            m.put("read_own_issue_in_view", readOwn.view().json());
            m.put("read_own_revoke_in_audit_log", readOwn.audit().json());
            return m;
        }
    }

    /** Command answer → 200 of one read with X-Not-Older-Than showing the write: of the view, of the audit log. */
    record ReadOwn(Latencies view, Latencies audit, int rounds) {
    }

    /** A lag's two parts: answer → the event on token-events, and from there → readable in the view. */
    record Split(Latencies publishing, Latencies projecting) {
        String describe() {
            return String.format("answer → on token-events p50 %.1f / p99 %.1f ms; on the topic → readable p50 %.1f / p99 %.1f ms",
                    publishing.p50Millis(), publishing.p99Millis(), projecting.p50Millis(), projecting.p99Millis());
        }
    }

    /** One round's lags, and the time from each answer to its event's arrival on the topic (ns). */
    private record Round(Seen view, long issueOnTopic, Seen audit, long revokeOnTopic) {
    }

    /** Time from {@code since} to the first true answer, and the number of polls. */
    private record Seen(long nanos, int polls) {
    }

    private SuiteClient admin;
    private TopicArrivals topic;

    @Override
    public String name() {
        return "view-lag";
    }

    @Override
    public Figure figure(BenchmarkContext context) {
        return new Figure("view lag: issue answer → 200 on token-query GET /v1/tokens/{id}", TARGET_VIEW);
    }

    @Override
    public void run(BenchmarkContext context) throws Exception {
        admin = context.client();
        int samples = Benchmark.intEnv("BENCH_VIEW_LAG_SAMPLES", 200);
        Duration warmUp = context.warmUp();
        System.out.printf("[bench] view lag: %d tokens issued and revoked one at a time (after %d s of the same, untimed,"
                + " at least %d tokens), views polled every %d ms%n", samples, warmUp.toSeconds(), LEAST_UNTIMED,
                POLL_INTERVAL.toMillis());
        Result r;
        try (TopicArrivals arrivals = new TopicArrivals(context.endpoints().kafka()).start()) {
            topic = arrivals;
            r = run(samples, warmUp);
        }
        Results results = context.results();
        results.put("view_lag", r.json());
        results.row("view lag: issue answer → 200 on token-query GET /v1/tokens/{id} (" + samples + " tokens)",
                String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms (polled every %.1f ms on average)", r.view().p50Millis(),
                        r.view().p99Millis(), r.view().maxMillis(), r.viewPollMillis()),
                TARGET_VIEW, String.format("%.2f of target", r.view().p99Millis() / 50),
                Results.verdict(r.view().p99Millis() <= 50));
        results.row("audit lag: revoke answer → TokenRevoked entry on audit-projector (" + samples + " tokens)",
                String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms (polled every %.1f ms on average)", r.audit().p50Millis(),
                        r.audit().p99Millis(), r.audit().maxMillis(), r.auditPollMillis()),
                TARGET_AUDIT, String.format("%.2f of target", r.audit().p99Millis() / 150),
                Results.verdict(r.audit().p99Millis() <= 150));
        results.row("view lag, where it goes (information)", r.viewSplit().describe(), "–", "", "");
        results.row("audit lag, where it goes (information)", r.auditSplit().describe(), "–", "", "");
        results.row("read your own write: issue answer → 200 of one GET /v1/tokens/{id} with X-Not-Older-Than ("
                        + r.readOwn().rounds() + " tokens, information)",
                String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", r.readOwn().view().p50Millis(),
                        r.readOwn().view().p99Millis(), r.readOwn().view().maxMillis()), "–", "", "");
        results.row("read your own write: revoke answer → 200 of one GET /v1/audit/events?tokenId= with X-Not-Older-Than ("
                        + r.readOwn().rounds() + " tokens, information)",
                String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", r.readOwn().audit().p50Millis(),
                        r.readOwn().audit().p99Millis(), r.readOwn().audit().maxMillis()), "–", "", "");
    }

    /**
     * After a warm-up of the same rounds (JIT, connection pools, caches of the read paths this step alone uses), as
     * every other step has one: {@code warmUp} long, at least {@link #LEAST_UNTIMED} rounds.
     */
    private Result run(int samples, Duration warmUp) {
        settle();
        long warmUntil = System.nanoTime() + warmUp.toNanos();
        int untimed = 0;
        while (untimed < LEAST_UNTIMED || System.nanoTime() < warmUntil) {
            round(untimed++);
        }
        Samples view = new Samples();
        Samples audit = new Samples();
        Samples viewPublishing = new Samples();
        Samples viewProjecting = new Samples();
        Samples auditPublishing = new Samples();
        Samples auditProjecting = new Samples();
        long viewPolls = 0;
        long auditPolls = 0;
        for (int i = 0; i < samples; i++) {
            Round r = round(i);
            view.add(r.view().nanos());
            audit.add(r.audit().nanos());
            viewPublishing.add(r.issueOnTopic());
            viewProjecting.add(r.view().nanos() - r.issueOnTopic());
            auditPublishing.add(r.revokeOnTopic());
            auditProjecting.add(r.audit().nanos() - r.revokeOnTopic());
            viewPolls += r.view().polls();
            auditPolls += r.audit().polls();
        }
        long[] v = view.toArray();
        long[] a = audit.toArray();
        return new Result(Latencies.of(v), Latencies.of(a),
                new Split(Latencies.of(viewPublishing.toArray()), Latencies.of(viewProjecting.toArray())),
                new Split(Latencies.of(auditPublishing.toArray()), Latencies.of(auditProjecting.toArray())),
                meanInterval(v, viewPolls), meanInterval(a, auditPolls), readOwn(Math.max(LEAST_UNTIMED, samples / 2)));
    }

    /**
     * {@code rounds} tokens issued and revoked, each write read once with its version as {@code X-Not-Older-Than}: the
     * read must answer 200 with the write in it (anything else fails the step), timed from the command's answer.
     */
    private ReadOwn readOwn(int rounds) {
        Samples view = new Samples();
        Samples audit = new Samples();
        for (int i = 0; i < rounds; i++) {
            SuiteClient.Response issued = admin.issue(Map.of("ownerId", "bench-ryw-" + (i % 20), "name", "bench",
                    "scopes", TokenSupply.SCOPES, "ttl", "P1D")).expect(201);
            long issuedAt = System.nanoTime();
            String tokenId = issued.json().path("tokenId").asText();
            SuiteClient.Response inView = admin.withHeader(NOT_OLDER_THAN, version(issued)).token(tokenId).expect(200);
            view.add(System.nanoTime() - issuedAt);
            if (!"active".equals(inView.json().path("state").asText())) {
                throw new IllegalStateException("read with " + NOT_OLDER_THAN + " after issuing " + tokenId + ": " + inView);
            }
            SuiteClient.Response revoked = admin.revoke(tokenId, "benchmark").expect(200);
            long revokedAt = System.nanoTime();
            SuiteClient.Response logged = admin.withHeader(NOT_OLDER_THAN, version(revoked))
                    .auditEvents("tokenId=" + tokenId + "&type=TokenRevoked").expect(200);
            audit.add(System.nanoTime() - revokedAt);
            if (logged.json().path("entries").size() != 1) {
                throw new IllegalStateException("read with " + NOT_OLDER_THAN + " after revoking " + tokenId + ": " + logged);
            }
        }
        return new ReadOwn(Latencies.of(view.toArray()), Latencies.of(audit.toArray()), rounds);
    }

    private static final String NOT_OLDER_THAN = "X-Not-Older-Than";

    private static String version(SuiteClient.Response answer) {
        return answer.header("X-Token-Version").orElseThrow(() -> new IllegalStateException("no X-Token-Version: " + answer));
    }

    /**
     * One token issued, awaited in the view, revoked, awaited in the audit log: the two lags and when each event
     * reached the topic, measured from the same answer.
     */
    private Round round(int i) {
        SuiteClient.Issued token = admin.issue("bench-lag-" + (i % 20), "bench", TokenSupply.SCOPES, "P1D");
        long issued = System.nanoTime();
        Seen inView = await(issued, () -> inView(token.tokenId()), "the issued token in token-query's view");
        long issueOnTopic = topic.arrival(token.tokenId(), "TokenIssued") - issued;
        admin.revoke(token.tokenId(), "benchmark").expect(200);
        long revoked = System.nanoTime();
        Seen inAudit = await(revoked, () -> ViewRebuild.auditEntries(admin, token.tokenId(), "TokenRevoked") > 0,
                "the TokenRevoked entry in the audit log");
        return new Round(inView, issueOnTopic, inAudit, topic.arrival(token.tokenId(), "TokenRevoked") - revoked);
    }

    /**
     * Before timing: the views have caught up with what earlier steps did (a marker issued and revoked is
     * in both), so that the figure is the lag of one command, not the draining of a backlog.
     */
    private void settle() {
        SuiteClient.Issued marker = admin.issue("bench-lag-marker", "bench", TokenSupply.SCOPES, "P1D");
        admin.revoke(marker.tokenId(), "benchmark").expect(200);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!(inView(marker.tokenId()) && ViewRebuild.auditEntries(admin, marker.tokenId(), "TokenRevoked") > 0)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the views did not catch up with earlier steps within 5 min");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /** 200: the view has it; 404: not yet; anything else fails the step. */
    private boolean inView(String tokenId) {
        SuiteClient.Response r = admin.token(tokenId);
        if (r.status() == 200) {
            return true;
        }
        if (r.status() != 404) {
            throw new IllegalStateException("GET /v1/tokens/" + tokenId + " answered " + r.status() + ": " + r.body());
        }
        return false;
    }

    /** Polls {@code seen}, one poll started every interval (or right away when the last took longer). */
    private static Seen await(long since, BooleanSupplier seen, String what) {
        long deadline = since + TimeUnit.SECONDS.toNanos(30);
        long next = since;
        int polls = 0;
        while (true) {
            polls++;
            if (seen.getAsBoolean()) {
                return new Seen(System.nanoTime() - since, polls);
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException("no sign of " + what + " after 30 s");
            }
            next += POLL_INTERVAL.toNanos();
            if (next > now) {
                LockSupport.parkNanos(next - now);
            } else {
                next = now;
            }
        }
    }

    /** Mean time between polls: the time spent waiting divided by the polls made (ms). */
    private static double meanInterval(long[] nanos, long polls) {
        long total = 0;
        for (long n : nanos) {
            total += n;
        }
        return polls == 0 ? Double.NaN : total / 1e6 / polls;
    }
}
