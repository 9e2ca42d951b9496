package org.tokensuite.infra.faults;

import org.tokensuite.infra.client.SuiteClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stream of commands over HTTP, as an internal service would send them: issue a token for one owner,
 * and every third command revoke the oldest token not yet revoked. Each attempt carries its own
 * correlation id, so its effect (or its absence) can be found in the audit log. A refused or failed
 * attempt is not retried: it is recorded and the stream moves on. Stops after {@code accepted}
 * accepted commands, {@code maxAttempts} attempts, or the deadline, whichever comes first.
 */
final class CommandLoad implements Runnable {

    enum Kind { ISSUE, REVOKE }

    /** One attempt: {@code status} -1 when no HTTP answer came back (outcome unknown). */
    record Attempt(String correlationId, Kind kind, String tokenId, int status, Instant at, String failure) {
        boolean accepted() {
            return status / 100 == 2;
        }

        /**
         * No answer, a 5xx other than 503, or a 503 because the event store broke mid-command: the command may
         * or may not have taken effect (a COMMIT on a connection that PostgreSQL closes may already be durable
         * while the client only sees the broken connection). A 503 for anything else refused it up front.
         */
        boolean outcomeUnknown() {
            return status == -1 || status >= 500 && (status != 503 || failure != null && failure.contains("event store"));
        }
    }

    /** A token whose issue was accepted, with its secret (kept in the test's memory only, to introspect it). */
    record Issued(String tokenId, String secret) {
    }

    private final SuiteClient api;
    private final String ownerId;
    private final int accepted;
    private final int maxAttempts;
    private final Duration maxDuration;
    private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Issued> issued = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Deque<String> notYetRevoked = new ArrayDeque<>();
    private final AtomicInteger acceptedSoFar = new AtomicInteger();
    private volatile boolean stopped;

    CommandLoad(SuiteClient api, String ownerId, int accepted, int maxAttempts, Duration maxDuration) {
        this.api = api;
        this.ownerId = ownerId;
        this.accepted = accepted;
        this.maxAttempts = maxAttempts;
        this.maxDuration = maxDuration;
    }

    @Override
    public void run() {
        Instant deadline = Instant.now().plus(maxDuration);
        for (int n = 0; n < maxAttempts && acceptedSoFar.get() < accepted && Instant.now().isBefore(deadline)
                && !stopped; n++) {
            String correlationId = "fault:" + ownerId + ":" + n;
            Attempt attempt = n % 3 == 2 && !notYetRevoked.isEmpty() ? revoke(correlationId) : issue(correlationId);
            attempts.add(attempt);
            if (attempt.accepted()) {
                acceptedSoFar.incrementAndGet();
            } else {
                pause(250); // a refused command is not retried, but the next one waits a little
            }
        }
    }

    private Attempt issue(String correlationId) {
        SuiteClient.Response answer = api.withHeader("X-Correlation-Id", correlationId).issue(Map.of(
                "ownerId", ownerId, "name", correlationId, "scopes", List.of("reports:read"), "ttl", "PT2H",
                "reason", "fault test load"));
        String tokenId = null;
        if (answer.status() == 201) {
            tokenId = answer.json().path("tokenId").asText();
            issued.put(tokenId, new Issued(tokenId, answer.json().path("token").asText()));
            notYetRevoked.add(tokenId);
        }
        return new Attempt(correlationId, Kind.ISSUE, tokenId, answer.status(), Instant.now(), failure(answer));
    }

    private Attempt revoke(String correlationId) {
        String tokenId = notYetRevoked.peekFirst();
        SuiteClient.Response answer = api.withHeader("X-Correlation-Id", correlationId)
                .revoke(tokenId, "fault test load");
        if (answer.ok()) {
            notYetRevoked.removeFirst();
        }
        return new Attempt(correlationId, Kind.REVOKE, tokenId, answer.status(), Instant.now(), failure(answer));
    }

    private static String failure(SuiteClient.Response answer) {
        if (answer.ok()) {
            return null;
        }
        return answer.failure() != null ? answer.failure()
                : answer.body().length() > 200 ? answer.body().substring(0, 200) : answer.body();
    }

    void stop() {
        stopped = true;
    }

    int acceptedSoFar() {
        return acceptedSoFar.get();
    }

    String ownerId() {
        return ownerId;
    }

    List<Attempt> attempts() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }

    Map<String, Issued> issued() {
        synchronized (issued) {
            return Map.copyOf(issued);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
