package org.tokensuite.infra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.infra.DatabaseRoles;
import org.tokensuite.infra.KafkaAccess;
import org.tokensuite.infra.KafkaPrincipal;
import org.tokensuite.infra.Ports;
import org.tokensuite.infra.Service;
import org.tokensuite.infra.Suite;
import org.tokensuite.infra.SuiteOptions;
import org.tokensuite.infra.Topics;
import org.tokensuite.infra.client.SuiteClient;
import org.tokensuite.infra.client.SuiteClient.Response;
import org.tokensuite.infra.e2e.BadRequests.Expect;
import org.tokensuite.infra.e2e.BadRequests.Probe;
import org.tokensuite.platform.problem.ProblemType;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The suite as its users meet it: a real Kafka broker and the four services, each its own process
 * from its exec jar, on free ports with fresh databases on PostgreSQL; driven over HTTP and Kafka
 * only. One suite for the whole class (starting one takes a minute or two on these machines); the
 * scenarios run in order and the secret sweep runs last, over everything the others left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Set<String> SIGNAL_TYPES = Set.of("TokenUseRefused", "TokenAnomalyDetected", "TokenUsageSummarized");
    private static final String FUZZ_OWNER = "fuzz-owner";
    private static final String FUZZ_USER = "fuzz-target";
    private static final java.util.regex.Pattern SECRET = java.util.regex.Pattern.compile("tkn_[A-Za-z0-9]{40,}");

    private Suite suite;
    /** The suite's API; each call says whose credential it presents ({@code api.as(bearer)}). */
    private SuiteClient api;
    private String admin;
    private String adminTokenId;
    /** Holds tokens:introspect, tokens:read and audit:read: what a resource server and an auditor hold. */
    private String auditor;
    /** A service allowed to issue billing tokens: tokens:issue billing:*. */
    private Issued billingService;
    /** Every plaintext secret this test saw; none may appear anywhere but the answer that created it. */
    private final Set<String> secretsSeen = ConcurrentHashMap.newKeySet();
    /** The first secret of the lifecycle scenario's token: its hash must be in the event store and on the topic. */
    private String controlSecret;

    record Issued(String tokenId, String token, String ownerId, JsonNode body) {
    }

    @BeforeAll
    void startTheSuite() {
        suite = Suite.start(SuiteOptions.isolated(SuiteOptions.findRoot(), E2eDirectories.forTest("suite")));
        api = suite.client();
        admin = suite.adminToken();
        secretsSeen.add(admin);
        adminTokenId = introspect(admin, admin).path("jti").asText();
        auditor = issue(admin, Map.of("ownerId", "audit-team", "name", "auditor",
                "scopes", List.of("tokens:introspect", "tokens:read", "audit:read"), "ttl", "P1D"), Map.of()).token();
        awaitActive(auditor);
    }

    @AfterAll
    void stopTheSuite() {
        if (suite != null) {
            suite.close();
        }
    }

    // --- the suite is up ---

    @Test
    @Order(1)
    void allFourServicesReportHealthyEachWithItsOwnDatabase() {
        for (Service service : suite.options().services()) {
            assertThat(suite.healthStatus(service)).as(service.module() + " health").isEqualTo("UP");
            assertThat(suite.databases().exists(suite.databaseName(service))).as(suite.databaseName(service)).isTrue();
        }
    }

    @Test
    @Order(2)
    void lifecycleListenerWasGivenItsOwnNarrowToken() {
        assertThat(suite.lifecycleTokenId()).isPresent();
        JsonNode summary = api.as(admin).token(suite.lifecycleTokenId().orElseThrow()).json();
        assertThat(scopesOf(summary.path("scopes"))).containsExactlyInAnyOrderElementsOf(Suite.LIFECYCLE_SCOPES);
    }

    // --- 1. a token's life over HTTP ---

    @Test
    @Order(10)
    void aServiceTokenLivesThroughIssueRescopeRotationAndRevocationAndTheAuditLogShowsEveryStep() {
        billingService = issue(admin, Map.of("ownerId", "billing-service", "name", "billing service",
                "scopes", List.of("tokens:issue", "tokens:delegate", "billing:*"), "ttl", "P1D"), Map.of());
        awaitActive(billingService.token());

        // The service issues a narrow token for a user: only what it holds itself.
        Issued job = issue(billingService.token(), Map.of("ownerId", "alice", "name", "nightly billing job",
                "scopes", List.of("billing:read", "billing:write"), "ttl", "P30D", "reason", "nightly job"),
                Map.of("X-Correlation-Id", "e2e-issue"));
        controlSecret = job.token();
        Instant expiresAt = Instant.parse(job.body().path("expiresAt").asText());
        JsonNode verified = awaitActive(job.token());
        assertThat(Set.of(verified.path("scope").asText().split(" "))).containsExactlyInAnyOrder("billing:read", "billing:write");
        assertThat(verified.path("sub").asText()).isEqualTo("alice");
        assertThat(verified.path("jti").asText()).isEqualTo(job.tokenId());
        assertThat(verified.path("exp").asLong()).isEqualTo(expiresAt.getEpochSecond());
        assertThat(verified.path("token_type").asText()).isEqualToIgnoringCase("Bearer");

        // A service cannot grant more than it holds.
        Response tooBroad = api.as(billingService.token()).issue(Map.of("ownerId", "alice", "name", "greedy",
                "scopes", List.of("deploy:run"), "ttl", "P1D"));
        assertThat(tooBroad.status()).as(tooBroad.toString()).isEqualTo(403);

        // Re-scoping narrows what introspection reports.
        Response rescoped = api.as(billingService.token()).withHeaders(Map.of("X-Correlation-Id", "e2e-rescope"))
                .rescope(job.tokenId(), Map.of("scopes", List.of("billing:read"), "reason", "least privilege"));
        assertThat(rescoped.status()).as(rescoped.toString()).isEqualTo(200);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(introspect(auditor, job.token()).path("scope").asText()).isEqualTo("billing:read"));

        // Rotation: a new secret; the old one verifies through the overlap only.
        Response rotated = api.as(billingService.token()).withHeaders(Map.of("X-Correlation-Id", "e2e-rotate"))
                .rotate(job.tokenId(), Map.of("overlap", "PT10S", "reason", "scheduled rotation"));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String newSecret = rotated.json().path("token").asText();
        secretsSeen.add(newSecret);
        Instant previousValidUntil = Instant.parse(rotated.json().path("previousValidUntil").asText());
        assertThat(newSecret).isNotEqualTo(job.token()).startsWith(TokenSecrets.PREFIX);
        assertThat(rotated.json().path("tokenId").asText()).isEqualTo(job.tokenId());
        JsonNode afterRotation = awaitActive(newSecret);
        assertThat(afterRotation.path("jti").asText()).isEqualTo(job.tokenId());
        assertThat(afterRotation.path("scope").asText()).isEqualTo("billing:read");
        JsonNode oldDuringOverlap = introspect(auditor, job.token());
        assertThat(oldDuringOverlap.path("active").asBoolean())
                .as("the old secret during the overlap (until %s, now %s)", previousValidUntil, Instant.now()).isTrue();
        awaitInactive(job.token());
        // exp is whole seconds rounded down, so the old secret may end up to a second before previousValidUntil
        assertThat(Instant.now()).as("the old secret stopped verifying only once the overlap was over")
                .isAfterOrEqualTo(previousValidUntil.minusSeconds(1));
        assertThat(introspect(auditor, newSecret).path("active").asBoolean()).isTrue();

        // Revocation: inactive for introspection and revoked in the inventory.
        Response revoked = api.as(admin).withHeaders(Map.of("X-Correlation-Id", "e2e-revoke")).revoke(job.tokenId(),
                Map.of("reason", "job retired"));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        awaitInactive(newSecret);
        assertThat(introspect(auditor, newSecret).toString()).isEqualTo("{\"active\":false}");
        await().atMost(PATIENCE).untilAsserted(() -> {
            Response summary = api.as(auditor).token(job.tokenId());
            assertThat(summary.json().path("state").asText()).isEqualTo("revoked");
            assertThat(summary.body()).doesNotContain(newSecret).doesNotContain(job.token());
        });

        // The audit log: each step in order, with who did it and why, and a chain that verifies.
        List<JsonNode> steps = await().atMost(PATIENCE).until(() -> tokenEventsOf(job.tokenId()), list -> list.size() >= 4);
        assertThat(steps).extracting(e -> e.path("type").asText())
                .containsExactly("TokenIssued", "TokenScopesChanged", "TokenRotated", "TokenRevoked");
        assertThat(steps).extracting(e -> e.path("seq").asLong()).isSorted();
        assertThat(steps.subList(0, 3)).allSatisfy(e -> {
            assertThat(e.path("actor").path("id").asText()).isEqualTo(billingService.tokenId());
            assertThat(e.path("actor").path("ownerId").asText()).isEqualTo("billing-service");
        });
        assertThat(steps.get(3).path("actor").path("id").asText()).isEqualTo(adminTokenId);
        assertThat(steps).extracting(e -> e.path("cause").path("reason").asText())
                .containsExactly("nightly job", "least privilege", "scheduled rotation", "job retired");
        assertThat(steps).extracting(e -> e.path("cause").path("correlationId").asText())
                .containsExactly("e2e-issue", "e2e-rescope", "e2e-rotate", "e2e-revoke");
        assertThat(steps).allSatisfy(e -> assertThat(e.path("ownerId").asText()).isEqualTo("alice"));
        JsonNode verify = api.as(auditor).auditVerify().json();
        assertThat(verify.path("ok").asBoolean()).as(verify.toString()).isTrue();
        assertThat(verify.path("entries").asLong()).isGreaterThanOrEqualTo(4);
    }

    // --- 2. HR offboarding over Kafka ---

    @Test
    @Order(20)
    void anHrOffboardingEventLeavesNoneOfTheUsersTokensVerifyingAndTheAuditLogShowsWhenAccessEnded() throws Exception {
        String employee = "emp-" + UUID.randomUUID().toString().substring(0, 8);
        List<Issued> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tokens.add(issue(issuer(), Map.of("ownerId", employee, "name", "laptop " + i, "scopes", List.of("billing:read"),
                    "ttl", "P1D"), Map.of()));
        }
        tokens.forEach(t -> awaitActive(t.token()));

        String eventId = UUID.randomUUID().toString();
        String offboarded = cloudEvent(eventId, "hr.employee.offboarded", employee);
        publish(Topics.HR_EMPLOYEE_EVENTS, employee, offboarded);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tokens)
                .allSatisfy(t -> assertThat(introspect(auditor, t.token()).path("active").asBoolean()).isFalse()));
        Response refused = api.as(issuer()).issue(Map.of("ownerId", employee, "name", "after leaving", "scopes",
                List.of("billing:read"), "ttl", "P1D"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        // Every token's revocation reaches the audit log, after the offboarding, caused by the HR event.
        List<JsonNode> log = await().atMost(PATIENCE).until(() -> tokenEventsOfOwner(employee),
                entries -> entries.stream().filter(e -> e.path("type").asText().equals("TokenRevoked")).count() == 5);
        JsonNode offboarding = log.stream().filter(e -> e.path("type").asText().equals("UserOffboarded")).findFirst()
                .orElseThrow(() -> new AssertionError("no UserOffboarded entry in " + log));
        assertThat(offboarding.path("cause").path("correlationId").asText()).isEqualTo("hr:" + eventId);
        Instant offboardedAt = Instant.parse(offboarding.path("occurredAt").asText());
        assertThat(log.stream().filter(e -> e.path("type").asText().equals("TokenRevoked")))
                .allSatisfy(e -> assertThat(e.path("seq").asLong()).isGreaterThan(offboarding.path("seq").asLong()));

        Set<String> ids = tokens.stream().map(Issued::tokenId).collect(java.util.stream.Collectors.toSet());
        assertThat(accessAt(offboardedAt.minusMillis(1), employee)).as("valid just before the offboarding")
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(accessAt(offboardedAt.plusMillis(1), employee)).as("valid just after the offboarding").isEmpty();

        // The same HR event again changes nothing.
        int entriesBefore = tokenEventsOfOwner(employee).size();
        publish(Topics.HR_EMPLOYEE_EVENTS, employee, offboarded);
        await().atMost(PATIENCE).until(() -> lifecycleEventCount("duplicate") >= 1);

        // A poison record goes to the dead-letter topic, and the next good event behind it is applied.
        String colleague = "emp-" + UUID.randomUUID().toString().substring(0, 8);
        Issued colleaguesToken = issue(issuer(), Map.of("ownerId", colleague, "name", "ci", "scopes", List.of("billing:read"),
                "ttl", "P1D"), Map.of());
        awaitActive(colleaguesToken.token());
        String poison = "{\"specversion\":\"1.0\",\"id\":\"broken";
        publish(Topics.HR_EMPLOYEE_EVENTS, colleague, poison);
        publish(Topics.HR_EMPLOYEE_EVENTS, colleague, cloudEvent(UUID.randomUUID().toString(), "hr.employee.offboarded", colleague));
        awaitInactive(colleaguesToken.token());
        ConsumerRecord<String, String> dead = awaitDeadLetter(colleague);
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(header(dead, "dlq-reason")).isNotBlank().doesNotContain("broken");
        assertThat(header(dead, "dlq-original-topic")).isEqualTo(Topics.HR_EMPLOYEE_EVENTS);
        await().atMost(PATIENCE).until(() -> tokenEventsOfOwner(colleague).stream()
                .anyMatch(e -> e.path("type").asText().equals("TokenRevoked")));

        assertThat(tokenEventsOfOwner(employee)).as("the duplicate added nothing to the log").hasSize(entriesBefore);
        assertThat(accessAt(offboardedAt.minusMillis(1), employee)).containsExactlyInAnyOrderElementsOf(ids);
    }

    // --- 3. bad input at every endpoint ---

    @Test
    @Order(30)
    void badInputAtEveryEndpointIsRefusedAsAProblemNeverAServerErrorAndChangesNothing() {
        // A real token and a real user for the state-changing endpoints to aim at.
        Issued target = issue(admin, Map.of("ownerId", FUZZ_USER, "name", "fuzz target", "scopes", List.of("billing:read"),
                "ttl", "P1D"), Map.of());
        Issued narrow = issue(admin, Map.of("ownerId", "fuzz-narrow", "name", "narrow", "scopes", List.of("reports:read"),
                "ttl", "P1D"), Map.of());
        awaitActive(target.token());
        awaitActive(narrow.token());
        String unknown = new TokenSecrets().generate(); // well formed, never issued

        long seed = Long.getLong("tokensuite.fuzz.seed", 20250601L);
        List<Probe> probes = BadRequests.generate(new BadRequests.Context(admin, narrow.token(), target.tokenId(), FUZZ_OWNER,
                FUZZ_USER, unknown), seed);
        Instant fuzzStart = Instant.now();
        Map<String, List<String>> violations = new LinkedHashMap<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (Probe probe : probes) {
            List<String> wrong = new ArrayList<>();
            try {
                Response reply = api.send(suite.url(probe.service()), probe.method(), probe.path(), probe.headers(),
                        probe.body());
                statuses.merge(reply.status(), 1, Integer::sum);
                // a request wrongly accepted may have made a secret: the sweep must look for it too
                SECRET.matcher(reply.body()).results().forEach(m -> secretsSeen.add(m.group()));
                wrong.addAll(judge(probe, reply, Set.of(admin, target.token(), narrow.token())));
            } catch (UncheckedIOException e) {
                wrong.add("no answer: " + e.getCause());
            }
            for (String w : wrong) {
                violations.computeIfAbsent(w.replaceAll(" \\|.*", ""), k -> new ArrayList<>()).add(probe.describe() + " | " + w);
            }
        }
        System.out.printf("bad input: %d requests (seed %d), statuses %s, %d kinds of violation%n", probes.size(), seed,
                statuses, violations.size());
        violations.forEach((kind, cases) -> cases.forEach(c -> System.out.println("bad input answered wrongly: " + c)));

        // Nothing a refused request aimed at changed: the target token, its user, the fuzz owner.
        JsonNode targetNow = api.as(admin).token(target.tokenId()).json();
        List<String> stateChanges = new ArrayList<>();
        if (!targetNow.path("state").asText().equals("active") || !scopesOf(targetNow.path("scopes")).equals(List.of("billing:read"))) {
            stateChanges.add("the target token changed: " + targetNow);
        }
        if (!introspect(auditor, target.token()).path("active").asBoolean()) {
            stateChanges.add("the target token no longer verifies");
        }
        // A marker: issuing for the target user still works (not offboarded, not on leave), and once its entry
        // is in the audit log, every token event since the start of the fuzzing must be the marker's alone.
        Response marker = api.as(admin).issue(Map.of("ownerId", FUZZ_USER, "name", "marker", "scopes",
                List.of("billing:read"), "ttl", "P1D"));
        if (marker.status() != 201) {
            stateChanges.add("issuing for " + FUZZ_USER + " after the fuzzing: " + marker);
        } else {
            secretsSeen.add(marker.json().path("token").asText());
            String markerId = marker.json().path("tokenId").asText();
            await().atMost(PATIENCE).until(() -> !tokenEventsOf(markerId).isEmpty());
            List<String> since = auditEntries("from=" + fuzzStart).stream()
                    .filter(e -> !SIGNAL_TYPES.contains(e.path("type").asText()))
                    .filter(e -> !markerId.equals(e.path("tokenId").asText()))
                    .map(e -> e.path("type").asText() + " " + e.path("tokenId").asText() + " " + e.path("ownerId").asText())
                    .toList();
            if (!since.isEmpty()) {
                stateChanges.add("token events recorded while only bad requests were sent: " + since);
            }
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                api.as(admin).tokens("ownerId=" + FUZZ_USER).json().path("total").asLong()).isEqualTo(2));
        JsonNode fuzzOwned = api.as(admin).tokens("ownerId=" + FUZZ_OWNER).json();
        if (fuzzOwned.path("total").asLong() != 0) {
            stateChanges.add("tokens were issued to " + FUZZ_OWNER + ": " + fuzzOwned);
        }

        StringBuilder report = new StringBuilder();
        violations.forEach((kind, cases) -> {
            report.append("\n* ").append(kind).append(" (").append(cases.size()).append(" requests), e.g.:");
            cases.stream().limit(4).forEach(c -> report.append("\n    ").append(c));
        });
        stateChanges.forEach(s -> report.append("\n* state change: ").append(s));
        assertThat(report.toString()).as("bad requests answered wrongly (%d requests sent)", probes.size()).isEmpty();
    }

    /** What is wrong with this answer to this bad request (empty: nothing). */
    private static List<String> judge(Probe probe, Response reply, Set<String> secrets) {
        List<String> wrong = new ArrayList<>();
        int status = reply.status();
        String body = reply.body();
        if (status >= 500) {
            wrong.add("server error " + status + " | " + reply);
        }
        for (String marker : List.of("Exception", "at org.", "at java.", "java.lang", "\tat ")) {
            if (body.contains(marker)) {
                wrong.add("stack trace or exception name in the body | " + reply);
                break;
            }
        }
        if (secrets.stream().anyMatch(body::contains)) {
            wrong.add("a secret echoed in the body | " + reply);
        }
        if (status >= 400 && status < 500) {
            String expected = probe.scim() ? "application/scim+json" : "application/problem+json";
            if (!reply.contentType().startsWith(expected)) {
                wrong.add(status + " without " + expected + " | " + reply);
            } else if (!probe.scim()) {
                try {
                    JsonNode problem = reply.json();
                    if (problem.path("status").asInt() != status
                            || !problem.path("type").asText().equals(BadRequests.expectedType(status))) {
                        wrong.add("problem without the status or the type the suite's table gives it | " + reply);
                    }
                } catch (AssertionError e) {
                    wrong.add("problem body is not JSON | " + reply);
                }
            }
            if (status == 401 && !reply.header("WWW-Authenticate").map(h -> h.startsWith("Bearer")).orElse(false)) {
                wrong.add("401 without WWW-Authenticate: Bearer | " + reply);
            }
        } else if (status < 400) {
            switch (probe.expect()) {
                case REFUSED -> wrong.add("accepted (" + status + ") | " + reply);
                case REFUSED_OR_INACTIVE -> {
                    if (status != 200 || !body.replace(" ", "").equals("{\"active\":false}")) {
                        wrong.add("introspection of garbage not answered {\"active\":false} | " + reply);
                    }
                }
                case REFUSED_OR_READ -> {
                    if (status != 200 || !(reply.contentType().contains("json") || reply.contentType().startsWith("text/csv"))) {
                        wrong.add("read answered oddly | " + reply);
                    }
                }
            }
        }
        return wrong;
    }

    // --- 4. a hostile caller with ordinary tokens and curl ---

    @Test
    @Order(40)
    void anOldSecretDuringItsOverlapVerifiesButChangesNothing() {
        Issued owned = issue(admin, Map.of("ownerId", "rotating-svc", "name", "rotating", "scopes",
                List.of("tokens:issue", "billing:read"), "ttl", "P1D"), Map.of());
        awaitActive(owned.token());
        // The inventory is eventually consistent: wait for the token itself before counting what the attacks add.
        await().atMost(PATIENCE).until(() -> api.as(admin).tokens("ownerId=rotating-svc")
                .json().path("total").asLong() == 1);
        Response rotated = api.as(owned.token()).rotate(owned.tokenId(), Map.of("overlap", "PT5M", "reason",
                "leak suspected"));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String current = rotated.json().path("token").asText();
        secretsSeen.add(current);
        awaitActive(current);
        JsonNode old = introspect(auditor, owned.token());
        assertThat(old.path("active").asBoolean()).isTrue();
        assertThat(old.path("superseded").asBoolean()).as(old.toString()).isTrue();

        List<Response> attempts = List.of(
                api.as(owned.token()).rotate(owned.tokenId(), Map.of("overlap", "PT0S")),
                api.as(owned.token()).rescope(owned.tokenId(), Map.of("scopes", List.of("billing:read"))),
                api.as(owned.token()).revoke(owned.tokenId(), Map.of("reason", "take over")),
                api.as(owned.token()).issue(Map.of("ownerId", "rotating-svc", "name", "minted", "scopes",
                        List.of("billing:read"), "ttl", "P1D")));
        assertThat(attempts).allSatisfy(reply -> {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
            assertThat(reply.json().path("detail").asText()).contains("superseded");
            assertThat(reply.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        });
        assertThat(introspect(auditor, current).path("active").asBoolean()).as("the owner's new secret still works")
                .isTrue();
        assertThat(api.as(admin).tokens("ownerId=rotating-svc").json().path("total").asLong()).isEqualTo(1);
        assertThat(await().atMost(PATIENCE).until(() -> tokenEventsOf(owned.tokenId()), list -> list.size() >= 2))
                .extracting(e -> e.path("type").asText()).containsExactly("TokenIssued", "TokenRotated");
    }

    @Test
    @Order(41)
    void anIssuerManagesOnlyTokensWithinItsReach() {
        Issued issuer = issue(admin, Map.of("ownerId", "team-a", "name", "team a issuer", "scopes",
                List.of("tokens:issue", "billing:read"), "ttl", "PT2H"), Map.of());
        Issued revoker = issue(admin, Map.of("ownerId", "team-r", "name", "revoker", "scopes",
                List.of("tokens:revoke"), "ttl", "PT2H"), Map.of());
        Issued someoneElses = issue(admin, Map.of("ownerId", "team-b", "name", "b's token", "scopes",
                List.of("billing:read"), "ttl", "PT2H"), Map.of());
        awaitActive(issuer.token());
        awaitActive(revoker.token());
        await().atMost(PATIENCE).until(() -> tokenEventsOf(someoneElses.tokenId()).size() == 1);

        Response forAdmin = api.as(issuer.token()).issue(Map.of("ownerId", "bootstrap-admin", "name", "mine now",
                "scopes", List.of("billing:read"), "ttl", "P90D"));
        assertThat(forAdmin.status()).as(forAdmin.toString()).isEqualTo(403);
        Response rotateOther = api.as(issuer.token()).rotate(someoneElses.tokenId(), Map.of());
        Response rescopeOther = api.as(issuer.token()).rescope(someoneElses.tokenId(), Map.of("scopes",
                List.of("billing:read")));
        Response suspendAdmin = api.as(revoker.token()).suspend(adminTokenId, Map.of("reason", "hostile"));
        String unknownId = "tok_" + UUID.randomUUID().toString().replace("-", "");
        Response unknown = api.as(revoker.token()).suspend(unknownId, Map.of("reason", "hostile"));
        for (Response reply : List.of(rotateOther, rescopeOther, suspendAdmin, unknown)) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
            assertThat(reply.body()).doesNotContain("tkn_");
        }
        assertThat(suspendAdmin.json().path("title").asText()).isEqualTo(unknown.json().path("title").asText());

        assertThat(introspect(auditor, admin).path("active").asBoolean()).isTrue();
        assertThat(introspect(auditor, someoneElses.token()).path("active").asBoolean()).isTrue();
        assertThat(tokenEventsOf(someoneElses.tokenId())).extracting(e -> e.path("type").asText()).containsExactly("TokenIssued");
        assertThat(api.as(admin).tokens("ownerId=bootstrap-admin").json().path("total").asLong())
                .isEqualTo(1);
    }

    @Test
    @Order(42)
    void aForwardedForHeaderDoesNotLiftAnAddressBinding() {
        Issued bound = issue(admin, Map.of("ownerId", "bound-reader", "name", "office only", "scopes", List.of("tokens:read"),
                "ttl", "PT2H", "allowedCidrs", List.of("10.0.0.0/8")), Map.of());
        await().atMost(PATIENCE).until(() -> api.as(admin).token(bound.tokenId()).status() == 200);
        for (Map<String, String> spoof : List.of(Map.<String, String>of(), Map.of("X-Forwarded-For", "10.9.9.9"),
                Map.of("Forwarded", "for=10.9.9.9"), Map.of("X-Forwarded-For", "10.9.9.9, 10.1.1.1"))) {
            Map<String, String> headers = new java.util.HashMap<>(spoof);
            headers.put("Authorization", "Bearer " + bound.token());
            Response read = api.send(suite.url(Service.TOKEN_QUERY), "GET", "/v1/tokens/" + bound.tokenId(), headers,
                    null);
            assertThat(read.status()).as("token-query with %s: %s", spoof, read).isEqualTo(401);
            Response nginx = api.send(suite.url(Service.TOKEN_QUERY), "GET", "/v1/introspect/nginx", headers, null);
            assertThat(nginx.status()).as("nginx endpoint with %s: %s", spoof, nginx).isEqualTo(401);
            Response command = api.send(suite.url(Service.TOKEN_COMMAND), "POST",
                    "/v1/tokens/" + bound.tokenId() + "/rotate", headers, null);
            assertThat(command.status()).as("token-command with %s: %s", spoof, command).isEqualTo(401);
        }
    }

    @Test
    @Order(43)
    void controlCharactersAreRefusedAndSpreadsheetFormulasAreNeutralisedInCsv() {
        Issued target = issue(admin, Map.of("ownerId", "text-owner", "name", "text target", "scopes", List.of("billing:read"),
                "ttl", "PT2H"), Map.of());
        // The token must be in the view before the refusals, so "still active" after them means they changed nothing.
        awaitActive(target.token());
        for (String reason : List.of("a\u0000b", "\u001b]8;;http://evil.example/\u0007click", "forged\nline", "half \ud800")) {
            Response refused = api.send(suite.url(Service.TOKEN_COMMAND), "POST", "/v1/tokens/" + target.tokenId() + "/revoke",
                    Map.of("Authorization", "Bearer " + admin, "Content-Type", "application/json"),
                    ("{\"reason\":" + quote(reason) + "}").getBytes(StandardCharsets.UTF_8));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.json().path("detail").asText()).contains("reason");
        }
        assertThat(introspect(auditor, target.token()).path("active").asBoolean()).isTrue();

        String formula = "=HYPERLINK(\"http://evil.example/\")";
        Response revoked = api.as(admin).revoke(target.tokenId(), Map.of("reason", formula));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> tokenEventsOf(target.tokenId()).size() == 2);
        assertThat(tokenEventsOf(target.tokenId()).get(1).path("cause").path("reason").asText()).isEqualTo(formula);
        Response csv = api.send(suite.url(Service.AUDIT_PROJECTOR), "GET", "/v1/audit/events?tokenId=" + target.tokenId(),
                Map.of("Authorization", "Bearer " + auditor, "Accept", "text/csv"), null);
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.body()).doesNotContain("," + formula).doesNotContain(",\"" + formula.replace("\"", "\"\""));
        assertThat(csv.body()).contains("'=HYPERLINK(");
    }

    @Test
    @Order(44)
    void neitherHrNorScimCanSwitchOffTheSuitesOwnPrincipals() throws Exception {
        Issued idp = issue(admin, Map.of("ownerId", "okta-connector", "name", "idp", "scopes", List.of("users:offboard"),
                "ttl", "PT2H"), Map.of());
        awaitActive(idp.token());
        Response scim = api.send(suite.url(Service.LIFECYCLE_LISTENER), "DELETE",
                "/scim/v2/Users/lifecycle-listener", Map.of("Authorization", "Bearer " + idp.token()), null);
        assertThat(scim.status()).as(scim.toString()).isEqualTo(409);
        assertThat(scim.contentType()).startsWith("application/scim+json");
        Response offboardAdmin = api.as(idp.token()).offboard("bootstrap-admin", Map.of("reason", "hostile"));
        assertThat(offboardAdmin.status()).as(offboardAdmin.toString()).isEqualTo(409);

        String evil = cloudEvent(UUID.randomUUID().toString(), "hr.employee.offboarded", "lifecycle-listener");
        publish(Topics.HR_EMPLOYEE_EVENTS, "lifecycle-listener", evil);
        ConsumerRecord<String, String> dead = awaitDeadLetter("lifecycle-listener");
        assertThat(dead.value()).isEqualTo(evil);
        assertThat(header(dead, "dlq-reason")).contains("principal");

        // Offboarding still works afterwards: the listener's own token was not touched.
        String employee = "emp-" + UUID.randomUUID().toString().substring(0, 8);
        Issued laptop = issue(issuer(), Map.of("ownerId", employee, "name", "laptop", "scopes", List.of("billing:read"),
                "ttl", "P1D"), Map.of());
        awaitActive(laptop.token());
        publish(Topics.HR_EMPLOYEE_EVENTS, employee, cloudEvent(UUID.randomUUID().toString(), "hr.employee.offboarded", employee));
        awaitInactive(laptop.token());
        assertThat(introspect(auditor, admin).path("active").asBoolean()).isTrue();
        assertThat(tokenEventsOfOwner("lifecycle-listener")).extracting(e -> e.path("type").asText()).containsOnly("TokenIssued");
    }

    @Test
    @Order(45)
    void arbitraryTextIsEitherRefusedOrComesBackIdenticalFromEveryView() {
        // Any Unicode, surrogate halves and control characters included, plus some nasty favourites.
        List<String> samples = new ArrayList<>(List.of("=1+2", "@SUM(A1)", "-cmd", "\u202Eevil", "😀 emoji", "'quoted'",
                "tab\tin", "  spaced  ", "\u00a0nbsp", "\\backslash\\", "\"quotes\""));
        net.jqwik.api.Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40).sampleStream().limit(30).forEach(samples::add);
        int accepted = 0;
        List<String> wrong = new ArrayList<>();
        for (String text : samples) {
            Response issued = api.send(suite.url(Service.TOKEN_COMMAND), "POST", "/v1/tokens", json(admin),
                    ("{\"ownerId\":\"text-prop\",\"name\":" + quote(text) + ",\"scopes\":[\"billing:read\"],\"ttl\":\"PT1H\","
                            + "\"reason\":" + quote(text) + "}").getBytes(StandardCharsets.UTF_8));
            if (issued.status() == 400) {
                String detail = issued.json().path("detail").asText();
                if (!detail.contains("name") && !detail.contains("reason")) {
                    wrong.add("refused without naming the field: " + issued);
                }
                continue;
            }
            if (issued.status() != 201) {
                wrong.add("neither 201 nor 400: " + issued);
                continue;
            }
            accepted++;
            secretsSeen.add(issued.json().path("token").asText());
            String tokenId = issued.json().path("tokenId").asText();
            Response revoked = api.send(suite.url(Service.TOKEN_COMMAND), "POST", "/v1/tokens/" + tokenId + "/revoke",
                    json(admin), ("{\"reason\":" + quote(text) + "}").getBytes(StandardCharsets.UTF_8));
            if (revoked.status() != 200) {
                wrong.add("the reason accepted on issue was refused on revoke: " + revoked);
                continue;
            }
            List<JsonNode> entries = await().atMost(PATIENCE).until(() -> tokenEventsOf(tokenId), list -> list.size() == 2);
            for (JsonNode entry : entries) {
                if (!text.equals(entry.path("cause").path("reason").asText())) {
                    wrong.add("audit JSON changed " + quote(text) + " into " + quote(entry.path("cause").path("reason").asText()));
                }
            }
            Response ndjson = api.send(suite.url(Service.AUDIT_PROJECTOR), "GET", "/v1/audit/events?tokenId=" + tokenId,
                    Map.of("Authorization", "Bearer " + auditor, "Accept", "application/x-ndjson"), null);
            for (String line : ndjson.body().split("\n")) {
                if (!line.isBlank() && !text.equals(SuiteClient.parse(line).path("cause").path("reason").asText())) {
                    wrong.add("audit NDJSON changed " + quote(text));
                }
            }
            JsonNode summary = await().atMost(PATIENCE).until(() -> api.as(admin).token(tokenId),
                    r -> r.status() == 200 && r.json().path("state").asText().equals("revoked")).json();
            if (!text.equals(summary.path("name").asText())) {
                wrong.add("inventory changed " + quote(text) + " into " + quote(summary.path("name").asText()));
            }
        }
        System.out.printf("arbitrary text: %d samples, %d accepted and checked, %d refused%n", samples.size(), accepted,
                samples.size() - accepted - wrong.size());
        assertThat(wrong).isEmpty();
        assertThat(accepted).as("some samples are ordinary text").isPositive();
        JsonNode verify = api.as(auditor).auditVerify().json();
        assertThat(verify.path("ok").asBoolean()).as(verify.toString()).isTrue();
    }

    private static Map<String, String> json(String bearer) {
        return Map.of("Authorization", "Bearer " + bearer, "Content-Type", "application/json");
    }

    /** A JSON string literal that keeps lone surrogates and control characters as escapes, as a hostile client may send them. */
    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) || c >= 0x7F && c <= 0x9F) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    @Test
    @Order(46)
    void eachServiceWorksAsItsOwnNonSuperuserRoleThatCannotEscapeItsRights() throws Exception {
        // Nobody connected to the suite's databases is a superuser.
        List<String> superusers = new ArrayList<>();
        for (Service service : suite.options().services()) {
            try (java.sql.Connection admin = java.sql.DriverManager.getConnection(
                    suite.databases().urlOf(suite.databaseName(service)), suite.databases().user(), suite.databases().password());
                 java.sql.ResultSet rs = admin.createStatement().executeQuery("""
                         SELECT DISTINCT a.usename FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename
                         WHERE a.datname = current_database() AND r.rolsuper AND a.pid <> pg_backend_pid()""")) {
                while (rs.next()) {
                    superusers.add(suite.databaseName(service) + ": " + rs.getString(1));
                }
            }
        }
        assertThat(superusers).as("superuser connections of the services").isEmpty();

        // audit-projector's own role: no rewriting, no truncating, no switching the guards off, no stronger role.
        DatabaseRoles.Grant audit = suite.databaseGrant(Service.AUDIT_PROJECTOR);
        long entriesBefore;
        try (java.sql.Connection app = connectAs(Service.AUDIT_PROJECTOR, audit.app(), "spring.datasource.password")) {
            try (java.sql.ResultSet rs = app.createStatement().executeQuery("SELECT count(*) FROM audit_entry")) {
                rs.next();
                entriesBefore = rs.getLong(1);
            }
            for (String attack : List.of(
                    "UPDATE audit_entry SET type = 'Nothing' WHERE seq = 1",
                    "DELETE FROM audit_entry WHERE seq = 1",
                    "TRUNCATE audit_entry",
                    "ALTER TABLE audit_entry DISABLE TRIGGER ALL",
                    "SET ROLE " + audit.owner(),
                    "SET ROLE " + suite.databases().user(),
                    "DROP TABLE audit_entry",
                    "CREATE TABLE intruder (x int)")) {
                assertThatThrownBy(() -> app.createStatement().execute(attack)).as(attack)
                        .isInstanceOf(java.sql.SQLException.class);
            }
            try (java.sql.ResultSet rs = app.createStatement().executeQuery("SELECT count(*) FROM audit_entry")) {
                rs.next();
                assertThat(rs.getLong(1)).as("audit entries after the attacks").isGreaterThanOrEqualTo(entriesBefore);
            }
        }
        // The other services' roles change rows, never the schema, and cannot become their database's owner.
        for (Service service : List.of(Service.TOKEN_COMMAND, Service.TOKEN_QUERY, Service.LIFECYCLE_LISTENER)) {
            DatabaseRoles.Grant grant = suite.databaseGrant(service);
            try (java.sql.Connection app = connectAs(service, grant.app(), "spring.datasource.password")) {
                for (String attack : List.of("CREATE TABLE intruder (x int)", "DROP TABLE flyway_schema_history",
                        "ALTER TABLE flyway_schema_history ADD COLUMN x int", "SET ROLE " + grant.owner())) {
                    assertThatThrownBy(() -> app.createStatement().execute(attack)).as(service.instanceName() + ": " + attack)
                            .isInstanceOf(java.sql.SQLException.class);
                }
            }
        }
    }

    private java.sql.Connection connectAs(Service service, String role, String passwordFile) throws Exception {
        String password = java.nio.file.Files.readString(suite.databaseGrant(service).secrets().resolve(passwordFile)).trim();
        java.sql.Connection connection = java.sql.DriverManager.getConnection(
                suite.databases().urlOf(suite.databaseName(service)), role, password);
        connection.setAutoCommit(true);
        return connection;
    }

    // --- 4b. least privilege on Kafka: only a topic's own writer can write it ---

    @Test
    @Order(47)
    void onlyTokenCommandMayWriteTokenEventsSoAForgedTokenIssuedNeverVerifies() {
        assertThat(suite.kafkaSecured()).as("the suite's broker requires authentication by default").isTrue();
        String secret = new TokenSecrets().generate();
        secretsSeen.add(secret);
        String tokenId = "tok_" + UUID.randomUUID().toString().replace("-", "");
        ProducerRecord<String, byte[]> forged = KafkaForgery.tokenIssued(tokenId, "forger", secret);

        Map<String, Map<String, Object>> attackers = attackers(KafkaPrincipal.TOKEN_COMMAND,
                KafkaPrincipal.LIFECYCLE_LISTENER, KafkaPrincipal.HR_PUBLISHER, KafkaPrincipal.TOKEN_QUERY);
        assertRefusedEverywhere(attackers, forged);

        assertThat(SecretSweep.topic(suite.kafkaAccess(), Topics.TOKEN_EVENTS).content())
                .as("nothing of the forged token reached token-events").doesNotContain(tokenId);
        assertThat(introspect(auditor, secret).path("active").asBoolean()).as("the forged secret").isFalse();
        assertThat(tokenEventsOf(tokenId)).isEmpty();
    }

    @Test
    @Order(48)
    void onlyTokenQueryMayWriteTokenSignalsSoAForgedAnomalyCannotSuspendAToken() {
        Issued victim = issue(admin, Map.of("ownerId", "forgery-victim", "name", "victim", "scopes", List.of("billing:read"),
                "ttl", "P1D"), Map.of());
        awaitActive(victim.token());
        // Its issue in the log first, so that "only TokenIssued" at the end is about the forgery, not the log's lag.
        await().atMost(PATIENCE).until(() -> tokenEventsOf(victim.tokenId()).size() == 1);
        ProducerRecord<String, byte[]> forged = KafkaForgery.anomaly(victim.tokenId(), "forgery-victim");

        Map<String, Map<String, Object>> attackers = attackers(KafkaPrincipal.TOKEN_QUERY,
                KafkaPrincipal.TOKEN_COMMAND, KafkaPrincipal.AUDIT_PROJECTOR, KafkaPrincipal.LIFECYCLE_LISTENER,
                KafkaPrincipal.HR_PUBLISHER);
        assertRefusedEverywhere(attackers, forged);
        // token-usage is token-query's too.
        ProducerRecord<String, byte[]> onUsage = new ProducerRecord<>(Topics.TOKEN_USAGE, null, forged.key(),
                forged.value(), forged.headers());
        assertRefusedEverywhere(attackers(KafkaPrincipal.TOKEN_QUERY, KafkaPrincipal.AUDIT_PROJECTOR,
                KafkaPrincipal.HR_PUBLISHER), onUsage);

        for (String topic : List.of(Topics.TOKEN_SIGNALS, Topics.TOKEN_USAGE)) {
            assertThat(SecretSweep.topic(suite.kafkaAccess(), topic).content()).as(topic).doesNotContain("203.0.113.9");
        }
        assertThat(introspect(auditor, victim.token()).path("active").asBoolean()).as("the target").isTrue();
        assertThat(tokenEventsOf(victim.tokenId())).extracting(e -> e.path("type").asText()).containsOnly("TokenIssued");
    }

    @Test
    @Order(49)
    void onlyTheHrPublisherMayWriteHrEventsSoNoServiceCanOffboardOrReinstateAnyone() throws Exception {
        String stayer = "emp-" + UUID.randomUUID().toString().substring(0, 8);
        Issued stayersToken = issue(issuer(), Map.of("ownerId", stayer, "name", "laptop", "scopes", List.of("billing:read"),
                "ttl", "P1D"), Map.of());
        awaitActive(stayersToken.token());
        await().atMost(PATIENCE).until(() -> tokenEventsOfOwner(stayer).size() == 1);
        // A user on leave: the real HR publisher suspended their tokens.
        String onLeave = "emp-" + UUID.randomUUID().toString().substring(0, 8);
        Issued onLeaveToken = issue(issuer(), Map.of("ownerId", onLeave, "name", "laptop", "scopes", List.of("billing:read"),
                "ttl", "P1D"), Map.of());
        awaitActive(onLeaveToken.token());
        publish(Topics.HR_EMPLOYEE_EVENTS, onLeave, cloudEvent(UUID.randomUUID().toString(), "hr.employee.leave_started", onLeave));
        awaitInactive(onLeaveToken.token());

        Map<String, Map<String, Object>> attackers = attackers(KafkaPrincipal.HR_PUBLISHER,
                KafkaPrincipal.LIFECYCLE_LISTENER, KafkaPrincipal.TOKEN_COMMAND, KafkaPrincipal.TOKEN_QUERY,
                KafkaPrincipal.AUDIT_PROJECTOR);
        assertRefusedEverywhere(attackers, KafkaForgery.hrEvent("hr.employee.offboarded", stayer));
        assertRefusedEverywhere(attackers, KafkaForgery.hrEvent("hr.employee.leave_ended", onLeave));
        // Nor can anyone but lifecycle-listener fill its dead-letter topic.
        ProducerRecord<String, byte[]> dead = KafkaForgery.hrEvent("hr.employee.offboarded", stayer);
        assertRefusedEverywhere(attackers(KafkaPrincipal.LIFECYCLE_LISTENER, KafkaPrincipal.HR_PUBLISHER,
                KafkaPrincipal.TOKEN_COMMAND), new ProducerRecord<>(Topics.HR_EMPLOYEE_EVENTS_DLQ, dead.key(), dead.value()));

        String hr = SecretSweep.topic(suite.kafkaAccess(), Topics.HR_EMPLOYEE_EVENTS).content();
        assertThat(hr).as("no forged HR event reached the topic").doesNotContain("/hr/forged");
        assertThat(SecretSweep.topic(suite.kafkaAccess(), Topics.HR_EMPLOYEE_EVENTS_DLQ).content()).doesNotContain("/hr/forged");
        assertThat(introspect(auditor, stayersToken.token()).path("active").asBoolean()).as("not offboarded").isTrue();
        assertThat(introspect(auditor, onLeaveToken.token()).path("active").asBoolean()).as("not reinstated").isFalse();
        assertThat(tokenEventsOfOwner(stayer)).extracting(e -> e.path("type").asText()).containsOnly("TokenIssued");
    }

    /**
     * Clients that must not write: one without credentials, an unknown user, {@code wrongPasswordFor}
     * with a wrong password, and each of {@code others} with its own, real credentials.
     */
    private Map<String, Map<String, Object>> attackers(KafkaPrincipal wrongPasswordFor, KafkaPrincipal... others) {
        Map<String, Map<String, Object>> attackers = new java.util.LinkedHashMap<>();
        Map<String, Object> plain = new HashMap<>();
        plain.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.kafkaBootstrapServers());
        attackers.put("no credentials", plain);
        Map<String, Object> unknown = new HashMap<>(plain);
        unknown.putAll(KafkaAccess.sasl("intruder", "guessed-password"));
        attackers.put("an unknown user", unknown);
        Map<String, Object> wrong = new HashMap<>(plain);
        wrong.putAll(KafkaAccess.sasl(wrongPasswordFor.username(), "not-" + wrongPasswordFor.username() + "s-password"));
        attackers.put(wrongPasswordFor.username() + " with a wrong password", wrong);
        for (KafkaPrincipal other : others) {
            attackers.put(other.username() + "'s own credentials", suite.kafkaClientProperties(other));
        }
        return attackers;
    }

    private static void assertRefusedEverywhere(Map<String, Map<String, Object>> attackers, ProducerRecord<String, byte[]> record) {
        attackers.forEach((who, client) -> {
            Throwable refusal = KafkaForgery.attempt(client, record);
            assertThat(refusal).as("%s writing %s", who, record.topic()).isNotNull();
            if (who.equals("no credentials")) {
                // The SASL listener drops a client that does not authenticate: it never learns the topic's partitions.
                assertThat(refusal).as(who).isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            } else if (who.endsWith("own credentials")) {
                assertThat(refusal).as("%s writing %s", who, record.topic())
                        .isInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
            } else {
                assertThat(refusal).as(who).isInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
            }
        });
    }

    // --- 5. no secret anywhere but the creating answer ---

    // --- another team's service accepts suite tokens through token-platform ---

    @Test
    @Order(50)
    void anotherTeamsServiceAcceptsSuiteTokensWithTheStartersTwoSettingsAndTheSuitesRules() {
        Issued reader = issue(admin, Map.of("ownerId", "reports-team", "name", "reports reader", "scopes",
                List.of("reports:read"), "ttl", "P1D"), Map.of());
        Issued writer = issue(admin, Map.of("ownerId", "reports-team", "name", "reports writer", "scopes",
                List.of("reports:read", "reports:write"), "ttl", "P1D"), Map.of());
        awaitActive(reader.token());
        awaitActive(writer.token());
        // The service introspects with its own credential (the auditor holds tokens:introspect).
        try (SideService reports = SideService.start(SuiteOptions.findRoot(), suite.logDirectory(),
                "example-resource-server", Map.of("introspection-token", auditor), secrets -> Map.of(
                        "TOKENS_RESOURCE_SERVER_INTROSPECTION_URLS", suite.introspectionUrls(),
                        "TOKENS_RESOURCE_SERVER_CREDENTIAL_FILE", secrets.resolve("introspection-token").toString()))) {
            URI url = reports.url();
            Response read = api.send(url, "GET", "/reports", SuiteClient.bearer(reader.token()), null);
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.json().path("owner").asText()).isEqualTo("reports-team");

            Response notHeld = api.send(url, "POST", "/reports", SuiteClient.bearer(reader.token()), new byte[0]);
            assertThat(notHeld.status()).as(notHeld.toString()).isEqualTo(403);
            assertThat(notHeld.json().path("type").asText()).isEqualTo(ProblemType.FORBIDDEN.uri().toString());
            Response written = api.send(url, "POST", "/reports", SuiteClient.bearer(writer.token()), new byte[0]);
            assertThat(written.status()).as(written.toString()).isEqualTo(201);

            Response anonymous = api.send(url, "GET", "/reports", Map.of(), null);
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(anonymous.json().path("type").asText()).isEqualTo(ProblemType.UNAUTHENTICATED.uri().toString());

            // A rotated-away secret may still read during its overlap, but changes nothing.
            Response rotated = api.as(writer.token()).rotate(writer.tokenId(), Map.of("overlap", "PT5M",
                    "reason", "routine"));
            assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
            String current = rotated.json().path("token").asText();
            secretsSeen.add(current);
            awaitActive(current);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(api.send(url, "POST", "/reports",
                    SuiteClient.bearer(writer.token()), new byte[0]).status()).isEqualTo(401));
            Response supersededWrite = api.send(url, "POST", "/reports", SuiteClient.bearer(writer.token()), new byte[0]);
            assertThat(supersededWrite.header("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
            assertThat(api.send(url, "GET", "/reports", SuiteClient.bearer(writer.token()), null).status())
                    .isEqualTo(200);
            assertThat(api.send(url, "POST", "/reports", SuiteClient.bearer(current), new byte[0]).status())
                    .isEqualTo(201);

            // Revocation reaches the other team's service as fast as it reaches introspection.
            assertThat(api.as(admin).revoke(reader.tokenId(), "left the reports team").status()).isEqualTo(200);
            awaitInactive(reader.token());
            Response revoked = api.send(url, "GET", "/reports", SuiteClient.bearer(reader.token()), null);
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(401);
            assertThat(revoked.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        }
    }

    // --- an identity provider over SCIM ---

    /**
     * Okta's SCIM connector provisioning and then deactivating a person who holds a token: the lookup
     * finds nobody, the POST records them (their token still verifies), a PUT with active:false
     * offboards them, and from then on the token is inactive everywhere.
     */
    @Test
    @Order(60)
    void anOktaLikeScimDeactivationLeavesThePersonsTokenInactive() {
        URI listener = suite.url(Service.LIFECYCLE_LISTENER);
        Issued okta = issue(admin, Map.of("ownerId", "okta-scim-connector", "name", "okta provisioning",
                "scopes", List.of("users:offboard", "users:suspend"), "ttl", "PT2H"), Map.of());
        awaitActive(okta.token());
        String employee = "emp-" + UUID.randomUUID().toString().substring(0, 8);
        Issued laptop = issue(issuer(), Map.of("ownerId", employee, "name", "laptop", "scopes", List.of("billing:read"),
                "ttl", "P1D"), Map.of());
        awaitActive(laptop.token());
        Map<String, String> headers = SuiteClient.bearer(okta.token());
        headers.put("Accept", "application/scim+json");
        headers.put("Content-Type", "application/scim+json");

        Response lookup = api.send(listener, "GET", "/scim/v2/Users?filter=" + SuiteClient.encode("userName eq \"" + employee + "\"")
                + "&startIndex=1&count=100", headers, null);
        assertThat(lookup.status()).as(lookup.toString()).isEqualTo(200);
        assertThat(lookup.contentType()).startsWith("application/scim+json");
        assertThat(lookup.json().path("totalResults").asInt()).isZero();

        Response created = api.send(listener, "POST", "/scim/v2/Users", headers, scimUser(employee, true));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("id").asText()).isEqualTo(employee);
        assertThat(created.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/scim/v2/Users/" + employee));
        Response read = api.send(listener, "GET", "/scim/v2/Users/" + employee, headers, null);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(introspect(auditor, laptop.token()).path("active").asBoolean()).as("recording the person changed no token").isTrue();

        Response deactivated = api.send(listener, "PUT", "/scim/v2/Users/" + employee, headers, scimUser(employee, false));
        assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
        assertThat(deactivated.json().path("active").asBoolean()).isFalse();

        awaitInactive(laptop.token());
        List<JsonNode> log = await().atMost(PATIENCE).until(() -> tokenEventsOfOwner(employee),
                entries -> entries.stream().anyMatch(e -> e.path("type").asText().equals("TokenRevoked")));
        assertThat(log).filteredOn(e -> e.path("type").asText().equals("UserOffboarded")).singleElement()
                .satisfies(e -> assertThat(e.path("cause").path("correlationId").asText()).startsWith("scim:"));
        Response refused = api.as(issuer()).issue(Map.of("ownerId", employee, "name", "after leaving", "scopes",
                List.of("billing:read"), "ttl", "P1D"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    }

    private static byte[] scimUser(String userName, boolean active) {
        return ("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\","
                + "\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Lovelace\"},"
                + "\"emails\":[{\"primary\":true,\"value\":\"" + userName + "@example.com\",\"type\":\"work\"}],"
                + "\"displayName\":\"Ada Lovelace\",\"active\":" + active + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Order(51)
    void aStockSpringSecurityResourceServerIntrospectsWithHttpBasicAndSeesARevocation() {
        // The stock application's own credential: a token with tokens:introspect; its id is the client id.
        Issued client = issue(admin, Map.of("ownerId", "reports-team", "name", "stock resource server",
                "scopes", List.of("tokens:introspect"), "ttl", "P1D"), Map.of());
        Issued caller = issue(admin, Map.of("ownerId", "stock-caller", "name", "stock caller",
                "scopes", List.of("reports:read"), "ttl", "P1D"), Map.of());
        awaitActive(client.token());
        awaitActive(caller.token());
        String introspectionUri = suite.introspectionUrls().split(",")[0];
        try (SideService stock = SideService.start(SuiteOptions.findRoot(), suite.logDirectory(),
                "stock-resource-server", Map.of("introspection-client-secret", client.token()), secrets -> Map.of(
                        "INTROSPECTION_URI", introspectionUri,
                        "INTROSPECTION_CLIENT_ID", client.tokenId(),
                        "SECRETS_DIR", secrets.toString()))) {
            URI url = stock.url();
            Response whoAmI = api.send(url, "GET", "/whoami", SuiteClient.bearer(caller.token()), null);
            assertThat(whoAmI.status()).as(whoAmI.toString()).isEqualTo(200);
            assertThat(whoAmI.json().path("subject").asText()).isEqualTo("stock-caller");
            assertThat(whoAmI.json().path("authorities")).extracting(JsonNode::asText).contains("SCOPE_reports:read");

            Response anonymous = api.send(url, "GET", "/whoami", Map.of(), null);
            assertThat(anonymous.status()).isEqualTo(401);
            Response garbage = api.send(url, "GET", "/whoami", SuiteClient.bearer("tkn_not-a-token"), null);
            assertThat(garbage.status()).isEqualTo(401);

            // Revoking the caller's token reaches the stock application on its next request (it keeps no cache).
            assertThat(api.as(admin).revoke(caller.tokenId(), "caller retired").status()).isEqualTo(200);
            awaitInactive(caller.token());
            Response revoked = api.send(url, "GET", "/whoami", SuiteClient.bearer(caller.token()), null);
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(401);
            assertThat(revoked.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));

            // Revoking the application's own credential: token-query refuses its client authentication, and
            // Spring Security fails the request rather than let a caller through unverified.
            Issued other = issue(admin, Map.of("ownerId", "stock-caller", "name", "stock caller 2",
                    "scopes", List.of("reports:read"), "ttl", "P1D"), Map.of());
            awaitActive(other.token());
            assertThat(api.send(url, "GET", "/whoami", SuiteClient.bearer(other.token()), null).status()).isEqualTo(200);
            assertThat(api.as(admin).revoke(client.tokenId(), "stock server decommissioned").status()).isEqualTo(200);
            awaitInactive(client.token());
            Response unverifiable = api.send(url, "GET", "/whoami", SuiteClient.bearer(other.token()), null);
            assertThat(unverifiable.status()).as(unverifiable.toString()).isEqualTo(401);
        }
    }

    @Test
    @Order(86)
    void aSponsorsDepartureRevokesTheirTokensOrphansTheirServicesWhoseTokensStopAfterTheGracePeriodUntilANewSponsor()
            throws Exception {
        // A short grace period for this scenario: token-command restarted with it (the deadline table persists).
        Map<String, String> shortGrace = Map.of("TOKENS_SERVICE_ACCOUNTS_GRACE_PERIOD", "PT20S",
                "TOKENS_DEADLINES_POLLING_INTERVAL", "PT1S");
        suite.kill(Service.TOKEN_COMMAND);
        suite.relaunch(Service.TOKEN_COMMAND, shortGrace);
        suite.awaitHealthy(Service.TOKEN_COMMAND);

        String person = "emp-" + UUID.randomUUID().toString().substring(0, 8);
        String heir = "emp-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> services = List.of("sync-" + person, "deploy-" + person);
        for (String service : services) {
            Response registered = api.as(admin).command("PUT", "/v1/service-accounts/" + service,
                    Map.of("description", "runs " + service, "sponsor", person, "reason", "new service"));
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        }
        Issued personal = issue(admin, Map.of("ownerId", person, "name", "laptop", "scopes", List.of("tokens:read"),
                "ttl", "P1D"), Map.of());
        List<Issued> serviceTokens = new ArrayList<>();
        for (String service : services) {
            serviceTokens.add(issue(admin, Map.of("ownerId", service, "name", "service key", "scopes", List.of("tokens:read"),
                    "ttl", "P1D"), Map.of()));
        }
        awaitActive(personal.token());
        serviceTokens.forEach(t -> awaitActive(t.token()));
        Response impact = api.as(auditor).get(suite.url(Service.TOKEN_QUERY), "/v1/users/" + person + "/impact");
        assertThat(impact.json().path("serviceAccountsOrphaned")).hasSize(2);

        publish(Topics.HR_EMPLOYEE_EVENTS, person, cloudEvent(UUID.randomUUID().toString(), "hr.employee.offboarded", person));
        awaitInactive(personal.token());
        for (String service : services) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(api.as(auditor).get(suite.url(Service.TOKEN_QUERY),
                    "/v1/service-accounts/" + service).json().path("status").asText()).isEqualTo("orphaned"));
        }
        // Orphaned, the services keep working through the grace period.
        for (Issued token : serviceTokens) {
            assertThat(introspect(auditor, token.token()).path("active").asBoolean()).isTrue();
        }
        // The audit log follows the views on its own processor: wait for it too.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(auditEntries("ownerId=" + person)).anySatisfy(entry -> {
            assertThat(entry.path("type").asText()).isEqualTo("UserOffboarded");
            assertThat(entry.toString()).contains(services.get(0)).contains(services.get(1));
        }));

        // token-command crashes during the grace period; the persistent deadline still ends it after the restart,
        // and the services' tokens are suspended for the lost sponsor.
        suite.kill(Service.TOKEN_COMMAND);
        suite.relaunch(Service.TOKEN_COMMAND, shortGrace);
        suite.awaitHealthy(Service.TOKEN_COMMAND);
        serviceTokens.forEach(t -> awaitInactive(t.token()));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(auditEntries("ownerId=" + services.get(0)))
                .extracting(e -> e.path("type").asText())
                .contains("ServiceAccountRegistered", "ServiceAccountOrphaned", "ServiceAccountOrphanWarning",
                        "ServiceAccountSponsorLost", "TokenSuspended"));

        // A new sponsor brings back one service; the other stays suspended.
        Response adopted = api.as(admin).command("PUT", "/v1/service-accounts/" + services.get(0),
                Map.of("description", "runs " + services.get(0), "sponsor", heir, "reason", "new owner"));
        assertThat(adopted.status()).as(adopted.toString()).isEqualTo(200);
        awaitActive(serviceTokens.get(0).token());
        assertThat(introspect(auditor, serviceTokens.get(1).token()).path("active").asBoolean()).isFalse();

        // HR speaks only about people: an HR event naming a service account is dead-lettered with the reason.
        publish(Topics.HR_EMPLOYEE_EVENTS, services.get(0),
                cloudEvent(UUID.randomUUID().toString(), "hr.employee.offboarded", services.get(0)));
        ConsumerRecord<String, String> dead = awaitDeadLetter(services.get(0));
        assertThat(header(dead, "dlq-reason")).contains("service account");
        // ... and so does SCIM: an identity provider cannot deprovision a service account.
        Issued idp = issue(admin, Map.of("ownerId", "identity-provider", "name", "scim", "scopes", List.of("users:offboard"),
                "ttl", "P1D"), Map.of());
        awaitActive(idp.token());
        Response scim = api.send(suite.url(Service.LIFECYCLE_LISTENER), "DELETE", "/scim/v2/Users/" + services.get(0),
                Map.of("Authorization", "Bearer " + idp.token()), null);
        assertThat(scim.status()).as(scim.toString()).isEqualTo(409);
        assertThat(scim.contentType()).startsWith("application/scim+json");
        assertThat(introspect(auditor, serviceTokens.get(0).token()).path("active").asBoolean()).isTrue();
    }

    // --- incident response: leak reports, revocation by selector, a lineage ---

    @Test
    @Order(87)
    void aSignedLeakReportRevokesTheLiveTokenAndTheOneWhoseOldSecretLeakedWhileGarbageAndUnsignedReportsChangeNothing()
            throws Exception {
        String owner = "leak-" + UUID.randomUUID().toString().substring(0, 8);
        Issued live = issue(admin, Map.of("ownerId", owner, "name", "ci deploy key", "scopes", List.of("billing:read"),
                "ttl", "P1D"), Map.of());
        Issued rotating = issue(admin, Map.of("ownerId", owner, "name", "nightly export", "scopes", List.of("billing:read"),
                "ttl", "P1D"), Map.of());
        Response rotated = api.as(admin).rotate(rotating.tokenId(), Map.of("overlap", "PT10M", "reason", "scheduled"));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String currentSecret = rotated.json().path("token").asText();
        secretsSeen.add(currentSecret);
        awaitActive(live.token());
        awaitActive(currentSecret);

        // The scanner's key, as an operator installs it: <key id>.pem in the launcher's key folder.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair scanner = generator.generateKeyPair();
        Files.writeString(suite.options().leakKeysDirectory().resolve("e2e-scanner.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(scanner.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        byte[] report = new ObjectMapper().writeValueAsBytes(List.of(
                Map.of("token", live.token(), "type", "tokensuite_api_token", "url", "https://example.org/paste/1", "source", "content"),
                Map.of("token", rotating.token(), "type", "tokensuite_api_token", "url", "https://example.org/paste/2", "source", "content"),
                Map.of("token", "tkn_not-a-real-secret-at-all", "type", "tokensuite_api_token", "url", "https://example.org/paste/3",
                        "source", "content")));

        Response unsigned = api.send(suite.url(Service.TOKEN_COMMAND), "POST", "/v1/leaks",
                Map.of("Content-Type", "application/json"), report);
        assertThat(unsigned.status()).as(unsigned.toString()).isEqualTo(401);
        assertThat(introspect(auditor, live.token()).path("active").asBoolean()).isTrue();

        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(scanner.getPrivate());
        signature.update(report);
        Response answer = api.send(suite.url(Service.TOKEN_COMMAND), "POST", "/v1/leaks", Map.of("Content-Type", "application/json",
                "Github-Public-Key-Identifier", "e2e-scanner",
                "Github-Public-Key-Signature", Base64.getEncoder().encodeToString(signature.sign())), report);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(StreamSupport.stream(answer.json().spliterator(), false).map(e -> e.path("label").asText()).toList())
                .containsExactly("true_positive", "true_positive", "false_positive");
        assertThat(answer.body()).doesNotContain(live.token()).doesNotContain(rotating.token());

        awaitInactive(live.token());
        awaitInactive(currentSecret);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tokenEventsOf(live.tokenId()))
                .extracting(e -> e.path("type").asText()).containsSubsequence("TokenIssued", "TokenLeaked", "TokenRevoked"));
    }

    @Test
    @Order(88)
    void aBulkRevocationRefusesAChangedSelectionAndThenRevokesExactlyWhatTheNewDryRunShowed() {
        String owner = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
        List<Issued> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tokens.add(issue(admin, Map.of("ownerId", owner, "name", "runner " + i, "scopes", List.of("billing:read"),
                    "ttl", "P1D"), Map.of()));
        }
        Issued bystander = issue(admin, Map.of("ownerId", owner + "-other", "name", "runner", "scopes", List.of("billing:read"),
                "ttl", "P1D"), Map.of());
        tokens.forEach(t -> awaitActive(t.token()));
        awaitActive(bystander.token());
        Map<String, Object> selector = Map.of("owner", owner, "scope", "billing:*");

        Response dryRun = api.as(admin).command("POST", "/v1/revocations", Map.of("selector", selector, "dryRun", true));
        assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
        assertThat(dryRun.json().path("count").asInt()).isEqualTo(5);
        // Someone issues one more while the operator looks at the dry run.
        Issued late = issue(admin, Map.of("ownerId", owner, "name", "runner late", "scopes", List.of("billing:read"),
                "ttl", "P1D"), Map.of());
        awaitActive(late.token());
        Response stale = api.as(admin).command("POST", "/v1/revocations", Map.of("selector", selector, "dryRun", false,
                "expectedCount", 5, "expectedFingerprint", dryRun.json().path("fingerprint").asText(), "reason", "runner image leaked"));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
        assertThat(introspect(auditor, tokens.get(0).token()).path("active").asBoolean()).isTrue();
        assertThat(introspect(auditor, late.token()).path("active").asBoolean()).isTrue();

        Response again = api.as(admin).command("POST", "/v1/revocations", Map.of("selector", selector, "dryRun", true));
        assertThat(again.json().path("count").asInt()).isEqualTo(6);
        Response executed = api.as(admin).command("POST", "/v1/revocations", Map.of("selector", selector, "dryRun", false,
                "expectedCount", 6, "expectedFingerprint", again.json().path("fingerprint").asText(), "reason", "runner image leaked"));
        assertThat(executed.status()).as(executed.toString()).isEqualTo(200);
        String correlationId = executed.json().path("correlationId").asText();
        tokens.add(late);
        for (Issued token : tokens) {
            awaitInactive(token.token());
        }
        assertThat(introspect(auditor, bystander.token()).path("active").asBoolean()).isTrue();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tokenEventsOfOwner(owner).stream()
                .filter(e -> "TokenRevoked".equals(e.path("type").asText())).toList())
                .hasSize(6)
                .allSatisfy(e -> {
                    assertThat(e.path("cause").path("correlationId").asText()).isEqualTo(correlationId);
                    assertThat(e.path("cause").path("reason").asText())
                            .isEqualTo("bulk revocation [owner=" + owner + " scope=billing:*]: runner image leaked");
                }));
    }

    @Test
    @Order(89)
    void revokingAnIssuerWithItsDescendantsStopsThreeGenerations() {
        String owner = "lineage-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> issuing = List.of("tokens:issue", "tokens:delegate", "billing:read");
        Issued first = issue(admin, Map.of("ownerId", owner, "name", "gen 1", "scopes", issuing, "ttl", "P1D"), Map.of());
        awaitActive(first.token());
        Issued second = issue(first.token(), Map.of("ownerId", owner + "-b", "name", "gen 2", "scopes", issuing, "ttl", "P1D"), Map.of());
        awaitActive(second.token());
        Issued third = issue(second.token(), Map.of("ownerId", owner + "-c", "name", "gen 3", "scopes", List.of("billing:read"),
                "ttl", "P1D"), Map.of());
        Issued unrelated = issue(admin, Map.of("ownerId", owner + "-b", "name", "unrelated", "scopes", List.of("billing:read"),
                "ttl", "P1D"), Map.of());
        awaitActive(third.token());
        awaitActive(unrelated.token());

        Response revoked = api.as(admin).withHeaders(Map.of("X-Correlation-Id", "e2e-lineage-" + owner))
                .revoke(first.tokenId(), Map.of("reason", "issuer compromised", "descendants", true));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(StreamSupport.stream(revoked.json().path("descendantsRevoked").spliterator(), false).map(JsonNode::asText).toList())
                .containsExactlyInAnyOrder(second.tokenId(), third.tokenId());
        for (Issued token : List.of(first, second, third)) {
            awaitInactive(token.token());
        }
        assertThat(introspect(auditor, unrelated.token()).path("active").asBoolean()).isTrue();
    }

    // --- metrics: what the Grafana dashboard queries, each service serves ---

    @Test
    @Order(70)
    void everyMetricTheDashboardQueriesIsOnThePrometheusEndpointOfTheServiceItIsAbout() throws Exception {
        Map<String, Set<String>> wanted = DashboardQueries.metricsByService(DashboardQueries.expressions(
                suite.options().root().resolve("infra/deploy/grafana/token-suite.json")));
        List<Service> services = List.of(Service.TOKEN_COMMAND, Service.TOKEN_QUERY, Service.AUDIT_PROJECTOR,
                Service.LIFECYCLE_LISTENER);
        assertThat(wanted.keySet()).containsExactlyInAnyOrderElementsOf(services.stream().map(Service::module).toList());
        Path scraped = suite.options().runDirectory().resolve("prometheus");
        Files.createDirectories(scraped);

        Map<String, List<String>> missing = new LinkedHashMap<>();
        for (Service service : services) {
            Response anonymous = api.as(null).get(suite.url(service), "/actuator/prometheus");
            assertThat(anonymous.status()).as(service.module() + " without a token: " + anonymous).isEqualTo(401);
            Response scrape = api.as(admin).get(suite.url(service), "/actuator/prometheus");
            assertThat(scrape.status()).as(service.module() + ": " + scrape.failure()).isEqualTo(200);
            assertThat(scrape.contentType()).as(service.module()).matches("(text/plain|application/openmetrics-text).*");
            Set<String> names = new java.util.TreeSet<>();
            for (String line : scrape.body().split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            // For whoever debugs a failure (or edits the dashboard): every name each service served.
            Files.write(scraped.resolve(service.module() + ".txt"), names);
            assertThat(SECRET.matcher(scrape.body()).find()).as(service.module() + " serves a secret").isFalse();
            List<String> absent = wanted.get(service.module()).stream().filter(name -> !names.contains(name)).toList();
            if (!absent.isEmpty()) {
                missing.put(service.module(), absent);
            }
        }
        assertThat(missing).as("metric names the dashboard queries that the service does not serve (see " + scraped + ")")
                .isEmpty();
    }

    // --- 6. the scope catalogue ---

    @Test
    @Order(80)
    void aSystemRegisteredOverHttpIsGrantableUntilItsActionIsRetiredAndThenItsHoldersAreListedForReScoping() {
        URI command = suite.url(Service.TOKEN_COMMAND);
        Response registered = api.as(admin).withHeaders(Map.of("X-Correlation-Id", "e2e-system-register"))
                .sendJson(command, "PUT", "/v1/systems/crm", Map.of("description", "customer relations",
                        "actions", Map.of("read", "see customers", "write", "change customers"), "reason", "onboarding the CRM"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);

        Issued holder = issue(admin, Map.of("ownerId", "crm-service", "name", "crm reader", "scopes", List.of("crm:read"),
                "ttl", "P1D"), Map.of());
        awaitActive(holder.token());

        Response retired = api.as(admin).withHeaders(Map.of("X-Correlation-Id", "e2e-system-retire"))
                .sendJson(command, "PUT", "/v1/systems/crm", Map.of("description", "customer relations",
                        "actions", Map.of("write", "change customers"), "reason", "reads move to the data lake"));
        assertThat(retired.status()).as(retired.toString()).isEqualTo(200);
        assertThat(retired.json().path("retiredActions").toString()).isEqualTo("[\"read\"]");

        // A retired action is no longer granted; the token holding it keeps working.
        Response refused = api.as(admin).issue(Map.of("ownerId", "crm-service", "name", "another reader",
                "scopes", List.of("crm:read"), "ttl", "P1D"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("type").asText()).isEqualTo(BadRequests.expectedType(400));
        assertThat(refused.json().path("detail").asText()).contains("retired").contains("crm:read");
        assertThat(introspect(auditor, holder.token()).path("active").asBoolean()).isTrue();

        // token-query lists the holder for re-scoping.
        await().atMost(PATIENCE).untilAsserted(() -> {
            Response crm = api.as(auditor).get(suite.url(Service.TOKEN_QUERY), "/v1/systems/crm");
            assertThat(crm.status()).as(crm.toString()).isEqualTo(200);
            JsonNode read = crm.json().path("retiredActions").path(0);
            assertThat(read.path("scope").asText()).isEqualTo("crm:read");
            assertThat(read.path("tokens").path(0).path("tokenId").asText()).isEqualTo(holder.tokenId());
            assertThat(read.path("tokens").path(0).path("ownerId").asText()).isEqualTo("crm-service");
        });
        Response all = api.as(auditor).get(suite.url(Service.TOKEN_QUERY), "/v1/systems");
        assertThat(all.json().path("systems").findValuesAsText("system")).contains("crm", "billing", "deploy", "reports");

        // The audit log has both changes, with who made them and why.
        List<JsonNode> catalogue = await().atMost(PATIENCE).until(() -> auditEntries("type=SystemRegistered").stream()
                .filter(e -> e.path("payload").path("system").asText().equals("crm")).toList(), list -> !list.isEmpty());
        assertThat(catalogue).hasSize(1);
        assertThat(catalogue.get(0).path("actor").path("id").asText()).isEqualTo(adminTokenId);
        assertThat(catalogue.get(0).path("cause").path("reason").asText()).isEqualTo("onboarding the CRM");
        assertThat(catalogue.get(0).path("cause").path("correlationId").asText()).isEqualTo("e2e-system-register");
        List<JsonNode> changes = await().atMost(PATIENCE).until(() -> auditEntries("type=SystemChanged").stream()
                .filter(e -> e.path("payload").path("system").asText().equals("crm")).toList(), list -> !list.isEmpty());
        assertThat(changes.get(0).path("actor").path("id").asText()).isEqualTo(adminTokenId);
        assertThat(changes.get(0).path("cause").path("reason").asText()).isEqualTo("reads move to the data lake");
        assertThat(changes.get(0).path("payload").path("retiredActions").toString()).isEqualTo("[\"read\"]");
    }

    @Test
    @Order(97)
    void aClientReadsItsOwnWritesInTheViewAndTheAuditLogWithTheVersionItWasAnsweredWithoutPolling() {
        Response issued = api.as(admin).issue(Map.of("ownerId", "ryw-" + UUID.randomUUID().toString().substring(0, 8),
                "name", "read your writes", "scopes", List.of("billing:read"), "ttl", "PT2H"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        secretsSeen.add(issued.json().path("token").asText());
        String tokenId = issued.json().path("tokenId").asText();
        assertThat(issued.header("X-Token-Version")).hasValue("0");
        // No await anywhere below: the header is the whole of the client's waiting.
        Response viewed = api.send(suite.url(Service.TOKEN_QUERY), "GET", "/v1/tokens/" + tokenId,
                Map.of("Authorization", "Bearer " + admin, "X-Not-Older-Than", "0"), null);
        assertThat(viewed.status()).as(viewed.toString()).isEqualTo(200);
        assertThat(viewed.json().path("state").asText()).isEqualTo("active");

        Response revoked = api.as(admin).revoke(tokenId, Map.of("reason", "read your own revocation"));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        String version = revoked.header("X-Token-Version").orElseThrow();
        assertThat(version).isEqualTo("1");
        Response revokedView = api.send(suite.url(Service.TOKEN_QUERY), "GET", "/v1/tokens/" + tokenId,
                Map.of("Authorization", "Bearer " + admin, "X-Not-Older-Than", version), null);
        assertThat(revokedView.status()).as(revokedView.toString()).isEqualTo(200);
        assertThat(revokedView.json().path("state").asText()).isEqualTo("revoked");
        Response logged = api.send(suite.url(Service.AUDIT_PROJECTOR), "GET", "/v1/audit/events?tokenId=" + tokenId,
                Map.of("Authorization", "Bearer " + auditor, "X-Not-Older-Than", version), null);
        assertThat(logged.status()).as(logged.toString()).isEqualTo(200);
        assertThat(logged.header("X-Token-Version")).hasValue(version);
        assertThat(logged.json().path("entries").findValuesAsText("type")).containsSubsequence("TokenIssued", "TokenRevoked");
        assertThat(logged.json().path("entries").findValuesAsText("reason")).contains("read your own revocation");
    }

    @Test
    @Order(99)
    void noPlaintextSecretAppearsInAnyLogDatabaseOrTopicOnlyItsHash() {
        assertThat(controlSecret).as("the lifecycle scenario ran first").isNotNull();
        assertThat(secretsSeen).hasSizeGreaterThan(5);
        List<SecretSweep.Text> everything = new ArrayList<>(SecretSweep.logFiles(suite.logDirectory()));
        for (Service service : suite.options().services()) {
            everything.addAll(SecretSweep.database(suite.databases(), suite.databaseName(service)));
        }
        for (String topic : List.of(Topics.TOKEN_EVENTS, Topics.TOKEN_SIGNALS, Topics.TOKEN_USAGE)) {
            everything.add(SecretSweep.topic(suite.kafkaAccess(), topic));
        }

        List<String> leaks = new ArrayList<>();
        for (SecretSweep.Text text : everything) {
            for (String secret : secretsSeen) {
                String body = secret.substring(TokenSecrets.PREFIX.length()); // also without its prefix
                if (text.content().contains(body)) {
                    leaks.add(text.where() + " holds the secret of …" + secret.substring(secret.length() - 4));
                }
            }
        }
        assertThat(leaks).isEmpty();

        // The search can find what it looks for: the control token's hash is in the event store and on the topic.
        String hash = sha256(controlSecret);
        assertThat(everything).filteredOn(t -> t.where().startsWith(suite.databaseName(Service.TOKEN_COMMAND)))
                .anySatisfy(t -> assertThat(t.content()).contains(hash));
        assertThat(everything).filteredOn(t -> t.where().equals("topic " + Topics.TOKEN_EVENTS))
                .anySatisfy(t -> assertThat(t.content()).contains(hash));
        assertThat(everything).filteredOn(t -> t.where().endsWith(".log")).isNotEmpty();
    }

    // --- 9x. the auditors' console in a browser (Debian's headless chromium) ---

    /** Where the console's screenshots go (infra/target/e2e/console); a current set is copied to docs/console. */
    private static final Path CONSOLE_SHOTS = Path.of(System.getProperty("tokensuite.e2e.directory", "target/e2e")).resolve("console");

    @Test
    @Order(91)
    void anAuditorSignsInToTheConsoleSearchesOpensATimelineExportsAndSignsOut() throws Exception {
        String owner = "console-" + UUID.randomUUID().toString().substring(0, 8);
        Issued job = issue(admin, Map.of("ownerId", owner, "name", "report export", "scopes", List.of("billing:read"),
                "ttl", "P7D", "reason", "monthly report"), Map.of("X-Correlation-Id", "e2e-console-issue"));
        Response revoked = api.as(admin).withHeaders(Map.of("X-Correlation-Id", "e2e-console-revoke"))
                .revoke(job.tokenId(), Map.of("reason", "report retired"));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> tokenEventsOf(job.tokenId()).size() == 2);
        Issued consoleAuditor = consoleUser("console auditor", "audit:read");
        String console = suite.url(Service.AUDIT_PROJECTOR).toString();

        try (ConsoleBrowser browser = ConsoleBrowser.start(CONSOLE_SHOTS)) {
            WebDriver page = browser.driver();
            page.get(console + "/console/events");
            assertThat(page.getCurrentUrl()).as("no session: the sign-in page").isEqualTo(console + "/console/sign-in");
            // Keyboard first: the first Tab reaches the skip link, then the token field takes Enter.
            new Actions(page).sendKeys(Keys.TAB).perform();
            assertThat(page.switchTo().activeElement().getText()).isEqualTo("Skip to content");
            browser.screenshot("01-sign-in");
            page.findElement(By.id("token")).sendKeys(consoleAuditor.token() + Keys.ENTER);
            waitFor(page, ExpectedConditions.urlToBe(console + "/console/events"));
            org.openqa.selenium.Cookie cookie = page.manage().getCookieNamed("console_session");
            assertThat(cookie.isHttpOnly()).isTrue();
            assertThat(cookie.getSameSite()).isEqualTo("Strict");
            assertThat(cookie.getValue()).doesNotContain(consoleAuditor.token());

            page.findElement(By.id("ownerId")).sendKeys(owner);
            page.findElement(By.cssSelector("form.search button")).click();
            waitFor(page, ExpectedConditions.textToBePresentInElementLocated(By.id("events"), "TokenRevoked"));
            assertThat(page.findElement(By.id("events")).getText()).contains("TokenIssued").contains("e2e-console-revoke")
                    .contains("report retired");
            browser.screenshot("02-events");

            String csv = consoleFetch(browser, page.findElement(By.id("export-csv")).getAttribute("href"));
            assertThat(csv.lines().findFirst().orElseThrow()).startsWith("seq,event_id,type,token_id");
            assertThat(csv.lines().skip(1)).hasSize(2).allSatisfy(line -> assertThat(line).contains(job.tokenId()));
            String ndjson = consoleFetch(browser, page.findElement(By.id("export-ndjson")).getAttribute("href"));
            assertThat(ndjson.lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{\"seq\":"));

            page.findElement(By.linkText(job.tokenId())).click();
            waitFor(page, ExpectedConditions.urlContains("/console/tokens/" + job.tokenId()));
            String timeline = page.findElement(By.id("timeline")).getText();
            assertThat(timeline.indexOf("TokenIssued")).isNotNegative().isLessThan(timeline.indexOf("TokenRevoked"));
            assertThat(timeline).contains("monthly report").contains("e2e-console-issue").contains(adminTokenId);
            assertThat(page.findElement(By.id("last-use")).getText()).contains("No use recorded");
            browser.screenshot("03-timeline");

            page.findElement(By.linkText("Chain status")).click();
            waitFor(page, ExpectedConditions.urlToBe(console + "/console/chain"));
            assertThat(page.findElement(By.id("chain-ok")).getText()).startsWith("Intact");
            browser.screenshot("06-chain");
            page.findElement(By.linkText("Reports")).click();
            waitFor(page, ExpectedConditions.urlToBe(console + "/console/reports"));
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Reports");
            // A policy of two days makes this scenario's seven-day token a finding, drawn in the chart.
            page.findElement(By.id("maxTtl")).clear();
            page.findElement(By.id("maxTtl")).sendKeys("P2D" + Keys.ENTER);
            waitFor(page, ExpectedConditions.urlContains("maxTtl=P2D"));
            assertThat(page.findElement(By.id("lifetimes")).getText()).contains(job.tokenId());
            assertThat(page.findElements(By.cssSelector("figure.chart svg rect"))).isNotEmpty();
            new Actions(page).scrollToElement(page.findElement(By.id("lifetime-heading"))).perform();
            browser.screenshot("07-reports");
            page.findElement(By.linkText("Console views")).click();
            waitFor(page, ExpectedConditions.urlToBe(console + "/console/views"));
            assertThat(page.findElement(By.id("views")).getText()).contains("/console/events").contains("ownerId=" + owner)
                    .contains("/console/events/export").contains("sign-in").contains(consoleAuditor.tokenId());
            browser.screenshot("08-views");

            browser.resize(420, 800);
            page.get(console + "/console/events?ownerId=" + owner);
            browser.screenshot("09-events-narrow");
            browser.resize(1280, 800);

            page.findElement(By.cssSelector("form.signout button")).click();
            waitFor(page, ExpectedConditions.urlContains("/console/sign-in?ended=signed-out"));
            assertThat(page.getPageSource()).contains("You have signed out.");
            assertThat(page.manage().getCookieNamed("console_session")).isNull();
            page.get(console + "/console/events");
            assertThat(page.getCurrentUrl()).isEqualTo(console + "/console/sign-in");
        }
    }

    @Test
    @Order(92)
    void accessAtTInTheConsoleShowsAnOffboardedUsersTokensBeforeTheOffboardingAndNoneAfter() throws Exception {
        String employee = "emp-console-" + UUID.randomUUID().toString().substring(0, 8);
        List<Issued> tokens = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            tokens.add(issue(issuer(), Map.of("ownerId", employee, "name", "laptop " + i, "scopes", List.of("billing:read"),
                    "ttl", "P1D"), Map.of()));
        }
        tokens.forEach(t -> awaitActive(t.token()));
        publish(Topics.HR_EMPLOYEE_EVENTS, employee, cloudEvent(UUID.randomUUID().toString(), "hr.employee.offboarded", employee));
        List<JsonNode> log = await().atMost(PATIENCE).until(() -> tokenEventsOfOwner(employee),
                entries -> entries.stream().filter(e -> e.path("type").asText().equals("TokenRevoked")).count() == 2);
        Instant offboardedAt = Instant.parse(log.stream().filter(e -> e.path("type").asText().equals("UserOffboarded"))
                .findFirst().orElseThrow().path("occurredAt").asText());
        Issued consoleAuditor = consoleUser("console auditor (access)", "audit:read");
        String console = suite.url(Service.AUDIT_PROJECTOR).toString();

        try (ConsoleBrowser browser = ConsoleBrowser.start(CONSOLE_SHOTS)) {
            WebDriver page = browser.driver();
            consoleSignIn(page, console, consoleAuditor.token());
            page.findElement(By.linkText("Access at T")).click();
            // A millisecond before: the tokens may have been issued less than a second before the offboarding.
            askAccess(page, offboardedAt.minusMillis(1), employee);
            assertThat(page.findElement(By.id("valid-count")).getText()).isEqualTo("2");
            String before = page.findElement(By.id("access")).getText();
            assertThat(tokens).allSatisfy(t -> assertThat(before).contains(t.tokenId()));
            assertThat(before).contains("TokenRevoked").contains("billing:read");
            browser.screenshot("04-access-before-offboarding");

            askAccess(page, offboardedAt.plusMillis(1), employee);
            assertThat(page.findElement(By.id("valid-count")).getText()).isEqualTo("0");
            assertThat(page.findElements(By.id("access"))).isEmpty();
            browser.screenshot("05-access-after-offboarding");
        }
    }

    @Test
    @Order(93)
    void aRevokedAuditorTokenIsThrownOutOfTheConsoleOnItsNextClick() throws Exception {
        Issued consoleAuditor = consoleUser("console auditor (revoked)", "audit:read");
        String console = suite.url(Service.AUDIT_PROJECTOR).toString();
        try (ConsoleBrowser browser = ConsoleBrowser.start(CONSOLE_SHOTS)) {
            WebDriver page = browser.driver();
            consoleSignIn(page, console, consoleAuditor.token());

            Response revoked = api.as(admin).revoke(consoleAuditor.tokenId(), Map.of("reason", "auditor left the audit"));
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
            awaitInactive(consoleAuditor.token());
            page.findElement(By.linkText("Chain status")).click();

            waitFor(page, ExpectedConditions.urlToBe(console + "/console/sign-in?ended=inactive"));
            assertThat(page.getPageSource()).contains("no longer valid");
            assertThat(page.manage().getCookieNamed("console_session")).isNull();
            browser.screenshot("10-revoked-thrown-out");
            page.get(console + "/console/chain");
            assertThat(page.getCurrentUrl()).isEqualTo(console + "/console/sign-in");
        }
    }

    @Test
    @Order(94)
    void aTokenWithoutAuditReadCannotOpenTheConsole() throws Exception {
        Issued reader = consoleUser("inventory reader", "tokens:read");
        String console = suite.url(Service.AUDIT_PROJECTOR).toString();
        try (ConsoleBrowser browser = ConsoleBrowser.start(CONSOLE_SHOTS)) {
            WebDriver page = browser.driver();
            page.get(console + "/console/sign-in");
            page.findElement(By.id("token")).sendKeys(reader.token() + Keys.ENTER);
            waitFor(page, ExpectedConditions.presenceOfElementLocated(By.id("sign-in-error")));
            assertThat(page.findElement(By.id("sign-in-error")).getText()).contains("does not hold audit:read");
            assertThat(page.manage().getCookieNamed("console_session")).isNull();
            browser.screenshot("11-refused-without-audit-read");
            page.get(console + "/console/events");
            assertThat(page.getCurrentUrl()).isEqualTo(console + "/console/sign-in");
        }
        Response signIn = api.send(suite.url(Service.AUDIT_PROJECTOR), "POST", "/console/sign-in",
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Origin", suite.url(Service.AUDIT_PROJECTOR).toString()),
                ("token=" + reader.token()).getBytes(StandardCharsets.UTF_8));
        assertThat(signIn.status()).isEqualTo(403);
        assertThat(signIn.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    @Order(95)
    void anotherSiteCannotFrameTheConsole() throws Exception {
        String console = suite.url(Service.AUDIT_PROJECTOR).toString();
        Response signInPage = api.send(suite.url(Service.AUDIT_PROJECTOR), "GET", "/console/sign-in", Map.of(), null);
        assertThat(signInPage.header("X-Frame-Options")).hasValue("DENY");
        assertThat(signInPage.header("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("frame-ancestors 'none'").contains("script-src 'none'"));
        try (OtherOrigin attacker = new OtherOrigin(); ConsoleBrowser browser = ConsoleBrowser.start(CONSOLE_SHOTS)) {
            WebDriver page = browser.driver();
            page.get(attacker.page("/frame", "<h1>Win a prize</h1><iframe id=\"console\" width=\"900\" height=\"500\" src=\""
                    + console + "/console/sign-in\"></iframe>"));
            page.switchTo().frame("console");
            assertThat(page.findElements(By.id("token"))).as("the console's sign-in form inside another site's frame").isEmpty();
            page.switchTo().defaultContent();
            browser.screenshot("12-framing-refused");
        }
    }

    @Test
    @Order(96)
    void aFormPostedFromAnotherSiteIsRefusedAndChangesNothing() throws Exception {
        Issued consoleAuditor = consoleUser("console auditor (forgery)", "audit:read");
        String console = suite.url(Service.AUDIT_PROJECTOR).toString();
        try (OtherOrigin attacker = new OtherOrigin(); ConsoleBrowser browser = ConsoleBrowser.start(CONSOLE_SHOTS)) {
            WebDriver page = browser.driver();
            // Login forgery: the attacker's page signs the victim in with a token of the attacker's choosing.
            page.get(attacker.page("/sign-in", "<form method=\"post\" action=\"" + console + "/console/sign-in\">"
                    + "<input type=\"hidden\" name=\"token\" value=\"" + consoleAuditor.token() + "\">"
                    + "<button id=\"go\" type=\"submit\">Claim your prize</button></form>"));
            page.findElement(By.id("go")).click();
            waitFor(page, ExpectedConditions.titleIs("Request refused"));
            browser.screenshot("13-cross-site-post-refused");
            page.get(console + "/console/events");
            assertThat(page.getCurrentUrl()).as("no session was started").isEqualTo(console + "/console/sign-in");

            // Sign-out forgery against a live session (same host, another port: same site, so the cookie goes along).
            consoleSignIn(page, console, consoleAuditor.token());
            page.get(attacker.page("/sign-out", "<form method=\"post\" action=\"" + console + "/console/sign-out\">"
                    + "<button id=\"go\" type=\"submit\">Next</button></form>"));
            page.findElement(By.id("go")).click();
            waitFor(page, ExpectedConditions.titleIs("Request refused"));
            page.get(console + "/console/events");
            assertThat(page.getCurrentUrl()).as("the session goes on").isEqualTo(console + "/console/events");
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Events");
        }
    }

    /** A token for a console scenario, active, its secret remembered for the sweep. */
    private Issued consoleUser(String name, String scopes) {
        Issued issued = issue(admin, Map.of("ownerId", "audit-team", "name", name, "scopes", List.of(scopes.split(" ")),
                "ttl", "P1D"), Map.of());
        awaitActive(issued.token());
        return issued;
    }

    private static void consoleSignIn(WebDriver page, String console, String token) {
        page.get(console + "/console/sign-in");
        page.findElement(By.id("token")).sendKeys(token);
        page.findElement(By.cssSelector("form.stacked button")).click();
        waitFor(page, ExpectedConditions.urlToBe(console + "/console/events"));
    }

    private static void askAccess(WebDriver page, Instant at, String ownerId) {
        page.findElement(By.id("at")).clear();
        page.findElement(By.id("at")).sendKeys(at.toString());
        page.findElement(By.id("ownerId")).clear();
        page.findElement(By.id("ownerId")).sendKeys(ownerId);
        page.findElement(By.cssSelector("form.search button")).click();
        waitFor(page, ExpectedConditions.urlContains("at=" + at.toString().replace(":", "%3A")));
        waitFor(page, ExpectedConditions.presenceOfElementLocated(By.id("valid-count")));
    }

    private static <T> T waitFor(WebDriver page, java.util.function.Function<? super WebDriver, T> condition) {
        return new WebDriverWait(page, Duration.ofSeconds(30)).until(condition);
    }

    /** What a console link answers, fetched with the browser's session cookie (a download would leave the browser). */
    private String consoleFetch(ConsoleBrowser browser, String href) {
        URI link = URI.create(href);
        Response reply = api.send(suite.url(Service.AUDIT_PROJECTOR), "GET", link.getRawPath() + "?" + link.getRawQuery(),
                Map.of("Cookie", browser.sessionCookie()), null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.body();
    }

    // --- stopping ---

    @Test
    @Order(Integer.MAX_VALUE)
    void stoppingTheSuiteLeavesNoProcessNoPortAndNoDatabase() {
        List<ProcessHandle> processes = suite.processes();
        List<Integer> ports = suite.ports();

        suite.close();

        assertThat(processes).hasSize(5).noneMatch(ProcessHandle::isAlive);
        assertThat(ports).noneMatch(Ports::inUse);
        for (Service service : suite.options().services()) {
            assertThat(suite.databases().exists(suite.databaseName(service))).as(suite.databaseName(service)).isFalse();
        }
    }

    // --- how the scenarios talk to the suite ---

    private Issued issue(String bearer, Map<String, Object> body, Map<String, String> headers) {
        Response reply = api.as(bearer).withHeaders(headers).issue(body);
        assertThat(reply.status()).as("issue %s: %s", body.get("name"), reply).isEqualTo(201);
        assertThat(reply.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode json = reply.json();
        String token = json.path("token").asText();
        secretsSeen.add(token);
        assertThat(TokenSecrets.isWellFormed(token)).isTrue();
        return new Issued(json.path("tokenId").asText(), token, json.path("ownerId").asText(), json);
    }

    /** The billing service's token once the lifecycle scenario made it, else the admin token. */
    private String issuer() {
        return billingService != null ? billingService.token() : admin;
    }

    /**
     * RFC 7662 introspection of {@code token}, presenting {@code bearer}; an assertion error unless token-query
     * answers 200, so that {@code untilAsserted} polls on through a passing refusal.
     */
    private JsonNode introspect(String bearer, String token) {
        Response reply = api.as(bearer).introspect(token);
        if (reply.status() != 200) {
            throw new AssertionError("introspection answered " + reply);
        }
        return reply.json();
    }

    private JsonNode awaitActive(String token) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> introspect(token, token), json -> json.path("active").asBoolean());
    }

    private void awaitInactive(String token) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> !introspect(auditor, token).path("active").asBoolean());
    }

    /** The audit entries of one token that come from token-events (security signals left out). */
    private List<JsonNode> tokenEventsOf(String tokenId) {
        return auditEntries("tokenId=" + tokenId).stream().filter(e -> !SIGNAL_TYPES.contains(e.path("type").asText())).toList();
    }

    private List<JsonNode> tokenEventsOfOwner(String ownerId) {
        return auditEntries("ownerId=" + ownerId).stream().filter(e -> !SIGNAL_TYPES.contains(e.path("type").asText())).toList();
    }

    /** Every audit entry matching the filter, all pages. */
    private List<JsonNode> auditEntries(String filter) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            Response reply = api.as(auditor).auditEvents("limit=1000&" + filter
                    + (cursor == null ? "" : "&cursor=" + SuiteClient.encode(cursor)));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            JsonNode page = reply.json();
            page.path("entries").forEach(all::add);
            cursor = page.path("nextCursor").isTextual() || page.path("nextCursor").isNumber() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        return all;
    }

    private Set<String> accessAt(Instant at, String ownerId) {
        Response reply = api.as(auditor).auditAccess("at=" + SuiteClient.encode(at.toString())
                + "&ownerId=" + ownerId);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        Set<String> ids = new HashSet<>();
        reply.json().path("tokens").forEach(t -> ids.add(t.path("tokenId").asText()));
        return ids;
    }

    private double lifecycleEventCount(String outcome) {
        Response reply = api.as(admin).get(suite.url(Service.LIFECYCLE_LISTENER),
                "/actuator/metrics/lifecycle.hr.events?tag=outcome:" + outcome);
        if (reply.status() != 200) {
            return 0;
        }
        return StreamSupport.stream(reply.json().path("measurements").spliterator(), false)
                .filter(m -> m.path("statistic").asText().equals("COUNT")).mapToDouble(m -> m.path("value").asDouble()).sum();
    }

    private static String cloudEvent(String id, String type, String subject) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/hr/e2e\",\"type\":\"" + type
                + "\",\"subject\":\"" + subject + "\",\"time\":\"" + Instant.now() + "\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"employeeId\":\"" + subject + "\"}}";
    }

    /** As an HR system would: hr-publisher is the one principal that may write HR events. */
    private void publish(String topic, String key, String value) throws Exception {
        Properties properties = new Properties();
        properties.putAll(suite.kafkaClientProperties(KafkaPrincipal.HR_PUBLISHER));
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Read as the operator's suite-admin (no service reads the DLQ). */
    private ConsumerRecord<String, String> awaitDeadLetter(String key) {
        Properties properties = new Properties();
        properties.putAll(suite.kafkaClientProperties(KafkaPrincipal.ADMIN));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.HR_EMPLOYEE_EVENTS_DLQ, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            return await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElse(null);
            }, java.util.Objects::nonNull);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> scopesOf(JsonNode array) {
        List<String> scopes = new ArrayList<>();
        array.forEach(s -> scopes.add(s.asText()));
        return scopes;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
