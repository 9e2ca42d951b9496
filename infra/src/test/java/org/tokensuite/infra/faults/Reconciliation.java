package org.tokensuite.infra.faults;

import com.fasterxml.jackson.databind.JsonNode;
import org.tokensuite.infra.client.SuiteClient;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Nothing lost, nothing doubled" for one {@link CommandLoad}: what token-command accepted against
 * what token-query's view reports and what the audit log holds.
 *
 * <ul>
 *   <li>lost: every accepted issue is a token in the view, in the state the accepted commands left it
 *       (revoked if its revoke was accepted, else active), and has its TokenIssued (and TokenRevoked)
 *       entry in the audit log;</li>
 *   <li>doubled: no event id twice in the log, seq dense from 1, the chain verifies; per token at most
 *       one TokenIssued and one TokenRevoked; the owner's TokenIssued entries are exactly the accepted
 *       issues, plus at most one for each issue whose outcome the client could not know (no answer).</li>
 * </ul>
 */
final class Reconciliation {

    private final SuiteClient api;
    private final CommandLoad load;
    private final Duration atMost;

    Reconciliation(SuiteClient api, CommandLoad load, Duration atMost) {
        this.api = api;
        this.load = load;
        this.atMost = atMost;
    }

    /** Waits for the view and the audit log to catch up, then checks; returns how long catching up took. */
    Duration awaitNothingLostNothingDoubled() {
        Instant start = Instant.now();
        List<CommandLoad.Attempt> attempts = load.attempts();
        Set<String> acceptedIssues = attempts.stream().filter(a -> a.kind() == CommandLoad.Kind.ISSUE && a.accepted())
                .map(CommandLoad.Attempt::tokenId).collect(Collectors.toSet());
        Set<String> acceptedRevokes = attempts.stream().filter(a -> a.kind() == CommandLoad.Kind.REVOKE && a.accepted())
                .map(CommandLoad.Attempt::tokenId).collect(Collectors.toSet());
        // A revoke without an answer may or may not have happened: its token may show either state.
        Set<String> maybeRevoked = attempts.stream().filter(a -> a.kind() == CommandLoad.Kind.REVOKE && a.outcomeUnknown())
                .map(CommandLoad.Attempt::tokenId).collect(Collectors.toSet());
        Map<String, String> expectedState = new HashMap<>();
        acceptedIssues.forEach(id -> expectedState.put(id, acceptedRevokes.contains(id) ? "revoked"
                : maybeRevoked.contains(id) ? "active|revoked" : "active"));

        // The view: every accepted token, in its expected state.
        Map<String, String> pending = new ConcurrentHashMap<>(expectedState);
        await("token-query's view of " + load.ownerId()).atMost(atMost).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    for (Map.Entry<String, String> e : Map.copyOf(pending).entrySet()) {
                        SuiteClient.Response answer = api.token(e.getKey());
                        if (answer.status() == 200 && List.of(e.getValue().split("\\|"))
                                .contains(answer.json().path("state").asText())) {
                            pending.remove(e.getKey());
                        }
                    }
                    assertThat(pending).as("accepted tokens not (yet) in the view in their expected state").isEmpty();
                });

        // The audit log: every accepted command's event.
        String owner = "ownerId=" + SuiteClient.encode(load.ownerId());
        await("audit log of " + load.ownerId()).atMost(atMost).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<JsonNode> entries = api.auditEntries(owner);
            Set<String> issuedIds = tokenIds(entries, "TokenIssued");
            Set<String> revokedIds = tokenIds(entries, "TokenRevoked");
            assertThat(issuedIds).as("TokenIssued entries of accepted issues").containsAll(acceptedIssues);
            assertThat(revokedIds).as("TokenRevoked entries of accepted revokes").containsAll(acceptedRevokes);
        });
        Duration caughtUp = Duration.between(start, Instant.now());

        // Nothing doubled, across the whole log.
        List<JsonNode> log = api.auditEntries("");
        Set<String> eventIds = new HashSet<>();
        for (int i = 0; i < log.size(); i++) {
            JsonNode entry = log.get(i);
            assertThat(entry.path("seq").asLong()).as("seq of the %d-th entry (dense from 1)", i + 1).isEqualTo(i + 1L);
            assertThat(eventIds.add(entry.path("eventId").asText())).as("event id %s recorded once",
                    entry.path("eventId").asText()).isTrue();
        }
        JsonNode verify = api.auditVerify().json();
        assertThat(verify.path("ok").asBoolean()).as("audit chain verifies: %s", verify).isTrue();
        assertThat(verify.path("entries").asLong()).as("entries the chain verified").isGreaterThanOrEqualTo(log.size());

        // Nothing doubled, for this owner.
        List<JsonNode> entries = api.auditEntries(owner);
        Map<String, Long> issuedPerToken = countPerToken(entries, "TokenIssued");
        Map<String, Long> revokedPerToken = countPerToken(entries, "TokenRevoked");
        assertThat(issuedPerToken).as("TokenIssued entries per token").allSatisfy((id, n) -> assertThat(n).isOne());
        assertThat(revokedPerToken).as("TokenRevoked entries per token").allSatisfy((id, n) -> assertThat(n).isOne());
        Map<String, CommandLoad.Attempt> byCorrelation = attempts.stream()
                .collect(Collectors.toMap(CommandLoad.Attempt::correlationId, a -> a));
        int ghosts = 0;
        for (JsonNode entry : entries) {
            if (!"TokenIssued".equals(entry.path("type").asText())) {
                continue;
            }
            String correlationId = entry.path("cause").path("correlationId").asText();
            CommandLoad.Attempt attempt = byCorrelation.get(correlationId);
            assertThat(attempt).as("the attempt behind TokenIssued %s (%s)", entry.path("tokenId").asText(), correlationId)
                    .isNotNull();
            if (!attempt.accepted()) {
                assertThat(attempt.outcomeUnknown()).as("a refused issue (%d) left no TokenIssued: %s", attempt.status(),
                        correlationId).isTrue();
                ghosts++;
            }
        }
        assertThat(issuedPerToken).as("the owner's TokenIssued entries").hasSize(acceptedIssues.size() + ghosts);
        long unknown = attempts.stream().filter(a -> a.kind() == CommandLoad.Kind.ISSUE && a.outcomeUnknown()).count();
        assertThat((long) ghosts).isLessThanOrEqualTo(unknown);
        if (unknown == 0) {
            assertThat(issuedPerToken).as("TokenIssued entries == accepted issues").hasSize(acceptedIssues.size());
        }

        // The view holds the same tokens for this owner as the log: none more.
        JsonNode list = api.tokens("size=500&" + owner).json();
        assertThat(list.path("total").asLong()).as("tokens of %s in the view", load.ownerId())
                .isEqualTo(issuedPerToken.size());

        // Introspection agrees with the accepted commands, on a sample of each kind.
        Map<String, CommandLoad.Issued> issued = load.issued();
        expectedState.entrySet().stream().filter(e -> e.getValue().equals("active")).limit(5).forEach(e ->
                assertThat(api.introspect(issued.get(e.getKey()).secret()).json().path("active").asBoolean())
                        .as("active token %s verifies", e.getKey()).isTrue());
        expectedState.entrySet().stream().filter(e -> e.getValue().equals("revoked")).limit(5).forEach(e ->
                assertThat(api.introspect(issued.get(e.getKey()).secret()).json().path("active").asBoolean())
                        .as("revoked token %s does not verify", e.getKey()).isFalse());

        System.out.printf("[faults] %s: %d attempts, %d accepted (%d issues, %d revokes), %d refused, %d unknown outcome"
                        + " (%d of those took effect); view and audit log caught up %d s after the load ended;"
                        + " audit log %d entries, chain ok%n",
                load.ownerId(), attempts.size(), attempts.stream().filter(CommandLoad.Attempt::accepted).count(),
                acceptedIssues.size(), acceptedRevokes.size(),
                attempts.stream().filter(a -> !a.accepted() && !a.outcomeUnknown()).count(),
                attempts.stream().filter(CommandLoad.Attempt::outcomeUnknown).count(), ghosts, caughtUp.toSeconds(),
                log.size());
        return caughtUp;
    }

    static Set<String> tokenIds(List<JsonNode> entries, String type) {
        return entries.stream().filter(e -> type.equals(e.path("type").asText()))
                .map(e -> e.path("tokenId").asText()).collect(Collectors.toSet());
    }

    static Map<String, Long> countPerToken(List<JsonNode> entries, String type) {
        return entries.stream().filter(e -> type.equals(e.path("type").asText()))
                .collect(Collectors.groupingBy(e -> e.path("tokenId").asText(), Collectors.counting()));
    }

    /** A one-line account of the refusals in a load: when they started and ended, and which answers came back. */
    static String outage(List<CommandLoad.Attempt> attempts) {
        List<CommandLoad.Attempt> refused = attempts.stream().filter(a -> !a.accepted()).toList();
        if (refused.isEmpty()) {
            return "no command was refused";
        }
        Instant first = refused.get(0).at();
        Instant last = refused.get(refused.size() - 1).at();
        Instant recovered = attempts.stream().filter(a -> a.accepted() && a.at().isAfter(last))
                .map(CommandLoad.Attempt::at).findFirst().orElse(null);
        Map<String, Long> kinds = refused.stream().collect(Collectors.groupingBy(
                a -> a.status() == -1 ? "no answer" : String.valueOf(a.status()), Collectors.counting()));
        return String.format("%d refused/failed commands %s over %.1f s, next accepted %s", refused.size(), kinds,
                Duration.between(first, last).toMillis() / 1000.0,
                recovered == null ? "never" : String.format("%.1f s after the first refusal",
                        Duration.between(first, recovered).toMillis() / 1000.0));
    }
}
