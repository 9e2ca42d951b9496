package org.tokensuite.infra.faults;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.tokensuite.infra.Databases;
import org.tokensuite.infra.Service;
import org.tokensuite.infra.Suite;
import org.tokensuite.infra.SuiteOptions;
import org.tokensuite.infra.client.SuiteClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The suite under faults, each judged by "nothing lost, nothing doubled" (see {@link Reconciliation}):
 * the broker killed while commands flow, the projectors killed while events stream, PostgreSQL restarted
 * under load, duplicate and poison HR events. One suite for all (starting one costs a minute or two),
 * on a PostgreSQL cluster of its own so that restarting it disturbs nobody else's tests; each scenario
 * has its own token owner. What happened (refusals, recovery times) is printed, never asserted: only
 * convergence is, with generous bounds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceTest {

    /** Commands each scenario's load gets accepted. */
    private static final int COMMANDS = 300;
    private static final Duration CONVERGENCE = Duration.ofMinutes(5);

    private static Path runDirectory;
    private static PrivatePostgres postgres;
    private static Suite suite;
    private static SuiteClient api;

    @BeforeAll
    static void startTheSuiteOnItsOwnPostgres() throws ClassNotFoundException {
        // Load every class of this package now: infra/target/test-classes is shared with whoever builds
        // infra meanwhile, and a recompile during this long run must not pull a class from under it.
        for (Class<?> type : List.of(Reconciliation.class, CommandLoad.class, CommandLoad.Attempt.class,
                CommandLoad.Issued.class, CommandLoad.Kind.class, HrEvents.class, SuiteClient.class, SuiteClient.Response.class,
                PrivatePostgres.class)) {
            Class.forName(type.getName(), true, type.getClassLoader());
        }
        runDirectory = Path.of(System.getProperty("tokensuite.e2e.directory", "target/e2e"))
                .resolve("faults-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")))
                .toAbsolutePath();
        // Two token-query instances: every service fails over between them (the replica scenario kills one).
        SuiteOptions options = SuiteOptions.isolated(SuiteOptions.findRoot(), runDirectory).queryInstances(2);
        Optional<Path> bin = PrivatePostgres.binaries();
        if (bin.isPresent() && blank(System.getenv("TEST_DB_URL"))) {
            postgres = PrivatePostgres.start(bin.get());
            options.databases(new Databases(postgres.jdbcUrl("postgres"), "postgres", ""));
            log("private PostgreSQL on port %d (binaries %s)", postgres.port(), bin.get());
        } else {
            log("no PostgreSQL binaries here (or TEST_DB_URL given): shared server, the PostgreSQL restart is skipped");
        }
        suite = Suite.start(options);
        api = suite.client();
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (suite != null) {
                suite.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close(runDirectory.resolve("logs").resolve("postgres.log"));
            }
        }
    }

    @Test
    @Order(1)
    void everyAcceptedCommandReachesTheViewAndTheAuditLogOnceAfterTheBrokerIsKilledAndRestarted() throws Exception {
        CommandLoad load = new CommandLoad(api, owner("kafka"), COMMANDS, 5000, Duration.ofMinutes(8));
        Thread flow = startLoad(load);
        awaitAccepted(load, 80);

        Instant killed = Instant.now();
        suite.killKafka();
        log("kafka killed (SIGKILL) after %d accepted commands", load.acceptedSoFar());
        Thread.sleep(5_000); // commands keep coming while the broker is gone
        suite.restartKafka();
        log("kafka answers again %.1f s after the kill", seconds(killed));

        flow.join(Duration.ofMinutes(9).toMillis());
        log("load %s: %s", load.ownerId(), Reconciliation.outage(load.attempts()));
        assertThat(suite.exitedProcess()).as("a process of the suite that died").isEmpty();
        assertThat(load.acceptedSoFar()).as("commands accepted again once the broker is back").isEqualTo(COMMANDS);
        new Reconciliation(api, load, CONVERGENCE).awaitNothingLostNothingDoubled();
    }

    @Test
    @Order(2)
    void everyAcceptedCommandReachesTheViewAndTheAuditLogOnceAfterTheProjectorsAreKilledMidStream() throws Exception {
        String probeOwner = owner("probe");
        String active = issue(probeOwner);
        String revoked = issue(probeOwner);
        String revokedId = api.introspect(revoked).json().path("jti").asText();
        assertThat(api.withHeader("X-Correlation-Id", "fault:probe-revoke:" + UUID.randomUUID())
                .revoke(revokedId, "probe").status()).isEqualTo(200);
        await().atMost(CONVERGENCE).until(() -> !api.introspect(revoked).json().path("active").asBoolean(true));

        CommandLoad load = new CommandLoad(api, owner("projectors"), COMMANDS, 5000, Duration.ofMinutes(8));
        Thread flow = startLoad(load);
        awaitAccepted(load, 100);

        suite.kill(Service.TOKEN_QUERY);
        suite.kill(Service.AUDIT_PROJECTOR);
        log("token-query and audit-projector killed (SIGKILL) after %d accepted commands", load.acceptedSoFar());
        Thread.sleep(2_000);
        Instant relaunched = Instant.now();
        suite.relaunch(Service.TOKEN_QUERY);
        suite.relaunch(Service.AUDIT_PROJECTOR);

        // While token-query starts: what does introspection say? Answer first, then health, so an answer
        // counts as "before ready" only if the service still was not ready after giving it.
        Map<String, Integer> beforeReady = new TreeMap<>();
        List<String> wrongBeforeReady = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (!"UP".equals(suite.healthStatus(Service.TOKEN_QUERY)) && Instant.now().isBefore(deadline)) {
            for (String token : List.of(active, revoked)) {
                SuiteClient.Response answer = api.introspect(token);
                if ("UP".equals(suite.healthStatus(Service.TOKEN_QUERY))) {
                    break;
                }
                String what = token.equals(active) ? "valid" : "revoked";
                String outcome = answer.status() == -1 ? "not listening" : answer.status() == 200
                        ? "200 active=" + answer.json().path("active").asBoolean() : String.valueOf(answer.status());
                beforeReady.merge(what + ": " + outcome, 1, Integer::sum);
                if (answer.status() != -1 && answer.status() != 503) {
                    wrongBeforeReady.add(what + " token answered " + answer.status() + " " + answer.body());
                }
            }
            Thread.sleep(100);
        }
        suite.awaitHealthy(Service.TOKEN_QUERY);
        log("token-query UP %.1f s after the relaunch; introspection before it was ready: %s", seconds(relaunched),
                beforeReady);
        suite.awaitHealthy(Service.AUDIT_PROJECTOR);
        log("audit-projector UP %.1f s after the relaunch", seconds(relaunched));
        assertThat(wrongBeforeReady).as("introspection answers other than 503 before token-query was ready").isEmpty();

        JsonNode answer = api.introspect(active).json();
        assertThat(answer.path("active").asBoolean()).as("a valid token verifies after the restart").isTrue();
        assertThat(answer.path("sub").asText()).isEqualTo(probeOwner);
        assertThat(answer.path("scope").asText()).isEqualTo("reports:read");
        assertThat(api.introspect(revoked).json().path("active").asBoolean()).as("a revoked token stays revoked")
                .isFalse();

        flow.join(Duration.ofMinutes(9).toMillis());
        log("load %s: %s", load.ownerId(), Reconciliation.outage(load.attempts()));
        assertThat(suite.exitedProcess()).as("a process of the suite that died").isEmpty();
        assertThat(load.acceptedSoFar()).as("commands accepted again once token-query is back").isEqualTo(COMMANDS);
        new Reconciliation(api, load, CONVERGENCE).awaitNothingLostNothingDoubled();
    }

    @Test
    @Order(3)
    void servicesRecoverOnTheirOwnAndLoseNothingWhenPostgresRestartsUnderLoad() throws Exception {
        Assumptions.assumeTrue(postgres != null, "needs a private PostgreSQL cluster (initdb, pg_ctl)");
        CommandLoad load = new CommandLoad(api, owner("postgres"), COMMANDS, 5000, Duration.ofMinutes(8));
        Thread flow = startLoad(load);
        awaitAccepted(load, 80);

        Instant stopped = Instant.now();
        postgres.stopFast();
        log("PostgreSQL stopped (pg_ctl stop -m fast) after %d accepted commands, in %.1f s", load.acceptedSoFar(),
                seconds(stopped));
        Thread.sleep(5_000); // a restart with a real gap: every service meets a database that is gone
        postgres.start();
        log("PostgreSQL accepts connections again %.1f s after the stop", seconds(stopped));
        Instant restarted = Instant.now();

        flow.join(Duration.ofMinutes(9).toMillis());
        log("load %s: %s", load.ownerId(), Reconciliation.outage(load.attempts()));
        for (Service service : suite.options().services()) {
            await(service.module() + " healthy after PostgreSQL's restart").atMost(CONVERGENCE)
                    .pollInterval(Duration.ofSeconds(1)).until(() -> suite.healthy(service));
        }
        log("all four services UP %.1f s after PostgreSQL was back", seconds(restarted));
        assertThat(suite.exitedProcess()).as("a process of the suite that died").isEmpty();
        assertThat(load.acceptedSoFar()).as("commands accepted again once PostgreSQL is back").isEqualTo(COMMANDS);
        new Reconciliation(api, load, CONVERGENCE).awaitNothingLostNothingDoubled();
    }

    @Test
    @Order(4)
    void aDuplicateHrEventHasNoSecondEffectAndAPoisonOneGoesToTheDlqWithoutBlockingTheNext() {
        String leaver = owner("hr-leaver");
        String next = owner("hr-next");
        String sentinel = owner("hr-sentinel");
        List<String> leaverTokens = List.of(issue(leaver), issue(leaver), issue(leaver));
        List<String> nextTokens = List.of(issue(next), issue(next));
        String offboarding = "fault-" + UUID.randomUUID();
        String poison = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"hr.employee.offboarded\""
                + ",\"subject\":\"" + next + "\",\"data\":"; // cut off: not JSON
        try (HrEvents hr = new HrEvents(suite.kafkaAccess())) {
            // One partition for all, so they are handled in the order sent.
            hr.send(0, leaver, HrEvents.cloudEvent(offboarding, "hr.employee.offboarded", leaver));
            hr.send(0, leaver, HrEvents.cloudEvent(offboarding, "hr.employee.offboarded", leaver)); // redelivered at once
            hr.send(0, next, poison);
            hr.send(0, next, HrEvents.cloudEvent("fault-" + UUID.randomUUID(), "hr.employee.offboarded", next));

            await("the event after the poison is applied").atMost(CONVERGENCE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> allInactive(nextTokens) && allInactive(leaverTokens));

            // The same event once more, later (a replay by the HR system), then one more to know it was read.
            hr.send(0, leaver, HrEvents.cloudEvent(offboarding, "hr.employee.offboarded", leaver));
            hr.send(0, sentinel, HrEvents.cloudEvent("fault-" + UUID.randomUUID(), "hr.employee.offboarded", sentinel));
            await("the event after the replayed duplicate is applied").atMost(CONVERGENCE)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> api.auditEntries("type=UserOffboarded&ownerId=" + sentinel).size() == 1);

            ConsumerRecord<byte[], byte[]> deadLetter = hr.findDeadLetter(poison).orElse(null);
            assertThat(deadLetter).as("the poison record on " + "hr.employee-events.dlq").isNotNull();
            assertThat(HrEvents.header(deadLetter, "dlq-reason")).isNotBlank();
            assertThat(HrEvents.header(deadLetter, "dlq-original-topic")).isEqualTo("hr.employee-events");
            log("poison on the DLQ, reason: %s", HrEvents.header(deadLetter, "dlq-reason"));
        }

        for (String user : List.of(leaver, next)) {
            List<JsonNode> entries = api.auditEntries("ownerId=" + user);
            assertThat(entries.stream().filter(e -> e.path("type").asText().equals("UserOffboarded")))
                    .as("UserOffboarded entries of %s", user).hasSize(1);
            Map<String, Long> revoked = Reconciliation.countPerToken(entries, "TokenRevoked");
            assertThat(revoked).as("TokenRevoked entries per token of %s", user)
                    .hasSize(user.equals(leaver) ? leaverTokens.size() : nextTokens.size())
                    .allSatisfy((id, n) -> assertThat(n).isOne());
        }
        log("HR: duplicate applied once (1 UserOffboarded, %d TokenRevoked), poison dead-lettered, next event applied; %s",
                leaverTokens.size(), api.auditEntries("type=UserOffboarded").stream()
                        .map(e -> e.path("ownerId").asText()).collect(Collectors.toList()));
    }

    @Test
    @Order(5)
    void killingOneOfTwoTokenQueryInstancesUnderLoadRefusesNoCommandAndGivesNoWrongAnswer() throws Exception {
        String probeOwner = owner("replica-probe");
        String active = issue(probeOwner);
        String revoked = issue(probeOwner);
        String revokedId = api.introspect(revoked).json().path("jti").asText();
        assertThat(api.withHeader("X-Correlation-Id", "fault:replica-revoke:" + UUID.randomUUID())
                .revoke(revokedId, "probe").status()).isEqualTo(200);
        await().atMost(CONVERGENCE).until(() -> !api.introspect(revoked).json().path("active").asBoolean(true));

        CommandLoad load = new CommandLoad(api, owner("replica"), COMMANDS, 5000, Duration.ofMinutes(8));
        Thread flow = startLoad(load);
        awaitAccepted(load, 80);
        suite.kill(Service.TOKEN_QUERY_2);
        log("token-query-2 killed (SIGKILL) after %d accepted commands", load.acceptedSoFar());

        // While it is gone, the surviving instance answers every question right.
        List<String> wrong = new ArrayList<>();
        Instant until = Instant.now().plusSeconds(10);
        int asked = 0;
        while (Instant.now().isBefore(until)) {
            if (!api.introspect(active).json().path("active").asBoolean(false)) {
                wrong.add("the valid token answered inactive");
            }
            if (api.introspect(revoked).json().path("active").asBoolean(true)) {
                wrong.add("the revoked token answered active (or no answer)");
            }
            asked += 2;
            Thread.sleep(50);
        }
        flow.join(Duration.ofMinutes(9).toMillis());
        suite.relaunch(Service.TOKEN_QUERY_2);
        suite.awaitHealthy(Service.TOKEN_QUERY_2);
        log("load %s with one token-query killed: %s; %d introspections on the survivor, %d wrong", load.ownerId(),
                Reconciliation.outage(load.attempts()), asked, wrong.size());
        assertThat(wrong).as("wrong introspection answers while one instance was down").isEmpty();
        assertThat(load.attempts()).as("commands refused while one token-query was down")
                .allSatisfy(a -> assertThat(a.accepted()).as(a.toString()).isTrue());
        assertThat(suite.exitedProcess()).as("a process of the suite that died").isEmpty();
        new Reconciliation(api, load, CONVERGENCE).awaitNothingLostNothingDoubled();
    }

    @Test
    @Order(6)
    void poisonTextOnTheTopicIsProjectedExactlyAndNothingAfterItIsMissing() throws Exception {
        String owner = owner("poison");
        String nul = "nul\u0000inside";
        String lone = "lone \ud800 surrogate";
        String huge = "r".repeat(1_000_000);
        String poisoned = "tok_" + UUID.randomUUID().toString().replace("-", "");
        String marker = "tok_" + UUID.randomUUID().toString().replace("-", "");
        try (PoisonEvents events = new PoisonEvents(suite.kafkaAccess())) {
            events.issued(poisoned, owner, nul + " / " + lone);
            events.suspended(poisoned, owner, 1, lone);
            events.revoked(poisoned, owner, 2, huge);
            events.issued(marker, owner, "marker after the poison");
        }

        await("the event after the poison reaches the audit log").atMost(CONVERGENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> !api.auditEntries("tokenId=" + marker).isEmpty());
        await("the event after the poison reaches the inventory").atMost(CONVERGENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.token(marker).status() == 200);

        List<JsonNode> audit = api.auditEntries("tokenId=" + poisoned);
        assertThat(audit).extracting(e -> e.path("type").asText()).containsExactly("TokenIssued", "TokenSuspended", "TokenRevoked");
        assertThat(audit.get(1).path("cause").path("reason").asText()).isEqualTo(lone);
        assertThat(audit.get(2).path("cause").path("reason").asText()).hasSize(huge.length()).isEqualTo(huge);
        JsonNode summary = api.token(poisoned).json();
        assertThat(summary.path("state").asText()).isEqualTo("revoked");
        assertThat(summary.path("name").asText()).isEqualTo(nul + " / " + lone);
        JsonNode verify = api.auditVerify().json();
        assertThat(verify.path("ok").asBoolean()).as(verify.toString()).isTrue();
        for (Service service : List.of(Service.TOKEN_QUERY, Service.AUDIT_PROJECTOR)) {
            assertThat(suite.healthStatus(service)).as(service.instanceName()).isEqualTo("UP");
        }
        log("poison (NUL, lone surrogate, a %,d-character reason) projected exactly; the event after it arrived", huge.length());
    }

    @Test
    @Order(7)
    void aStoppedAuditProjectorIsReportedBehindThenCatchesUp() throws Exception {
        suite.stop(Service.AUDIT_PROJECTOR);
        String owner = owner("behind");
        for (int i = 0; i < 5; i++) {
            api.withHeader("X-Correlation-Id", "fault:behind:" + UUID.randomUUID()).issue(Map.of("ownerId", owner,
                    "name", "while audit is down", "scopes", List.of("reports:read"), "ttl", "PT2H"));
        }
        Instant relaunched = Instant.now();
        suite.relaunch(Service.AUDIT_PROJECTOR);
        // As soon as it answers: behind by what was published while it was stopped, or already caught up.
        JsonNode first = await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            SuiteClient.Response answer = api.auditVerify();
            return answer.status() == 200 ? answer.json() : null;
        }, java.util.Objects::nonNull);
        log("verify right after the relaunch (%.1f s): %s", seconds(relaunched), first.path("behind"));
        assertThat(first.path("behind").isObject()).as(first.toString()).isTrue();
        await("audit-projector caught up").atMost(CONVERGENCE).pollInterval(Duration.ofSeconds(1)).until(() ->
                api.auditVerify().json().path("behind").path("events").asLong(-1) == 0);
        assertThat(api.auditEntries("ownerId=" + owner)).hasSize(5);
        suite.awaitHealthy(Service.AUDIT_PROJECTOR);
    }

    // --- helpers ---

    private static String issue(String ownerId) {
        SuiteClient.Response answer = api.withHeader("X-Correlation-Id", "fault:issue:" + UUID.randomUUID())
                .issue(Map.of("ownerId", ownerId, "name", "probe", "scopes", List.of("reports:read"), "ttl", "PT2H"));
        assertThat(answer.status()).as("issue for %s: %s", ownerId, answer.body()).isEqualTo(201);
        String secret = answer.json().path("token").asText();
        await("token of " + ownerId + " verifies").atMost(CONVERGENCE)
                .until(() -> api.introspect(secret).json().path("active").asBoolean(false));
        return secret;
    }

    private static boolean allInactive(List<String> secrets) {
        return secrets.stream().allMatch(s -> {
            SuiteClient.Response answer = api.introspect(s);
            return answer.status() == 200 && !answer.json().path("active").asBoolean(true);
        });
    }

    private static Thread startLoad(CommandLoad load) {
        Thread thread = new Thread(load, "load-" + load.ownerId());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void awaitAccepted(CommandLoad load, int count) {
        await("%d commands accepted".formatted(count)).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> load.acceptedSoFar() >= count);
    }

    private static String owner(String scenario) {
        return "fault-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void log(String format, Object... args) {
        System.out.printf("[faults] " + format + "%n", args);
    }
}
