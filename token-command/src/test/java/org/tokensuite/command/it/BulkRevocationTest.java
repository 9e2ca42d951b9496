package org.tokensuite.command.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.api.event.TokenUsageSummarized;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.platform.event.EventWireFormat;
import org.tokensuite.testsupport.TestKafka;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tokensuite.command.it.CommandHttp.assertProblem;
import static org.tokensuite.command.it.CommandHttp.body;

/**
 * {@code POST /v1/revocations}: a dry run changes nothing; an execution revokes exactly what the dry run showed, under
 * one correlation id, or nothing at all (409) when the selection changed; only within the caller's reach; only an
 * administrator selects across owners. Chunks of three, so that every execution here spans several transactions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkRevocationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** Writes token-usage as token-query does: Axon's Kafka format, JSON payload, key = owner id. */
    private static final KafkaMessageConverter<String, byte[]> USAGE_FORMAT = DefaultKafkaMessageConverter.builder()
            .serializer(new EventWireFormat().serializer())
            .sequencingPolicy(event -> ((TokenEvent) event.getPayload()).ownerId().value())
            .build();

    private CommandService service;
    private CommandHttp http;
    private String admin;
    private KafkaProducer<String, byte[]> usage;

    @BeforeAll
    void start() throws Exception {
        service = CommandService.start("bulk", Map.of("tokens.bulk-revocation.chunk-size", "3",
                "tokens.bulk-revocation.parallelism", "2"));
        http = service.http();
        admin = service.introspection().caller("tok_b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0", "ops-admin",
                "tokens:admin tokens:issue tokens:delegate tokens:revoke");
        usage = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void stop() {
        if (usage != null) {
            usage.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private record Issued(String id, String secret) {
    }

    private Issued issue(String bearer, String owner, String name, String scopes) throws Exception {
        String scopeJson = "[\"" + String.join("\",\"", scopes.split(" ")) + "\"]";
        HttpResponse<String> issued = http.post("/v1/tokens", bearer,
                "{\"ownerId\":\"" + owner + "\",\"name\":\"" + name + "\",\"scopes\":" + scopeJson + ",\"ttl\":\"P1D\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode json = body(issued);
        service.introspection().allow(json.path("token").asText(), json.path("tokenId").asText(), owner, scopes);
        return new Issued(json.path("tokenId").asText(), json.path("token").asText());
    }

    private String issueId(String owner, String name, String scopes) throws Exception {
        return issue(admin, owner, name, scopes).id();
    }

    private HttpResponse<String> dryRun(String bearer, String selector) throws Exception {
        return http.post("/v1/revocations", bearer, "{\"selector\":" + selector + ",\"dryRun\":true}");
    }

    private List<String> matched(String selector) throws Exception {
        HttpResponse<String> response = dryRun(admin, selector);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ids(body(response));
    }

    private static List<String> ids(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("tokenIds").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private HttpResponse<String> execute(String bearer, String selector, int expectedCount, String extra) throws Exception {
        return http.post("/v1/revocations", bearer, "{\"selector\":" + selector + ",\"dryRun\":false,\"expectedCount\":"
                + expectedCount + ",\"reason\":\"incident 7\"" + extra + "}");
    }

    private List<String> revokedCorrelationIds(String tokenId) {
        return service.db().queryForList("""
                SELECT convert_from(payload, 'UTF8')::jsonb #>> '{cause,correlationId}' FROM domainevententry
                WHERE aggregateidentifier = ? AND payloadtype LIKE '%TokenRevoked'""", String.class, tokenId);
    }

    @Test
    void aDryRunNamesTheMatchAndChangesNothing() throws Exception {
        List<String> tokens = List.of(issueId("dry-a", "ci", "reports:read"), issueId("dry-a", "ci", "reports:read"));
        HttpResponse<String> response = dryRun(admin, "{\"owner\":\"dry-a\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = body(response);
        assertThat(answer.path("dryRun").asBoolean()).isTrue();
        assertThat(answer.path("count").asInt()).isEqualTo(2);
        assertThat(ids(answer)).containsExactlyElementsOf(tokens.stream().sorted().toList());
        assertThat(answer.path("fingerprint").asText()).hasSize(64);
        for (String token : tokens) {
            assertThat(service.eventTypesOf(token)).containsExactly("TokenIssued");
        }
    }

    @Test
    void anExecutionRevokesExactlyTheMatchUnderOneCorrelationIdWithTheSelectorInTheReason() throws Exception {
        List<String> match = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            match.add(issueId("exec-a", "deploy-bot", "deploy:run"));
        }
        String other = issueId("exec-a", "reporting", "reports:read");
        String otherOwner = issueId("exec-b", "deploy-bot", "deploy:run");
        String selector = "{\"owner\":\"exec-a\",\"scope\":\"deploy:*\"}";
        JsonNode plan = body(dryRun(admin, selector));
        assertThat(plan.path("count").asInt()).isEqualTo(7);

        HttpResponse<String> response = execute(admin, selector, 7, ",\"expectedFingerprint\":\"" + plan.path("fingerprint").asText() + "\"");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = body(response);
        assertThat(answer.path("dryRun").asBoolean()).isFalse();
        assertThat(answer.path("count").asInt()).isEqualTo(7);
        assertThat(ids(answer)).containsExactlyInAnyOrderElementsOf(match);
        String correlationId = answer.path("correlationId").asText();
        assertThat(correlationId).startsWith("bulk:");
        for (String token : match) {
            assertThat(service.eventTypesOf(token)).containsExactly("TokenIssued", "TokenRevoked");
            assertThat(revokedCorrelationIds(token)).containsExactly(correlationId);
        }
        assertThat(service.db().queryForObject("""
                SELECT convert_from(payload, 'UTF8')::jsonb #>> '{cause,reason}' FROM domainevententry
                WHERE aggregateidentifier = ? AND payloadtype LIKE '%TokenRevoked'""", String.class, match.get(0)))
                .isEqualTo("bulk revocation [owner=exec-a scope=deploy:*]: incident 7");
        assertThat(service.eventTypesOf(other)).containsExactly("TokenIssued");
        assertThat(service.eventTypesOf(otherOwner)).containsExactly("TokenIssued");
        assertThat(service.db().queryForObject("SELECT count(*) FROM user_tokens WHERE user_id = 'exec-a' AND state = 'revoked'",
                Integer.class)).isEqualTo(7);
    }

    /**
     * Offboarding revokes in chunks too, inside user-policies' unit of work: seven tokens, chunks of three. The leave
     * just before it is likely handled in the same batch, so the tokens it suspended are still uncommitted there.
     */
    @Test
    void offboardingRightAfterALeaveRevokesEveryLiveTokenOnceAcrossChunks() throws Exception {
        String hr = service.introspection().caller("tok_c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1", "lifecycle-listener",
                "users:offboard users:suspend");
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            live.add(issueId("leaver-a", "laptop", "reports:read"));
        }
        String revokedBefore = issueId("leaver-a", "old", "reports:read");
        HttpResponse<String> single = http.post("/v1/tokens/" + revokedBefore + "/revoke", admin, "{\"reason\":\"rotated away\"}");
        assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
        String colleague = issueId("stayer-a", "laptop", "reports:read");

        HttpResponse<String> leave = http.post("/v1/users/leaver-a/suspend", hr, "{\"reason\":\"leave\"}");
        assertThat(leave.statusCode()).as(leave.body()).isEqualTo(200);
        HttpResponse<String> offboard = http.post("/v1/users/leaver-a/offboard", hr,
                "{\"reason\":\"left\",\"correlationId\":\"hr:leaver-a\"}");
        assertThat(offboard.statusCode()).as(offboard.body()).isEqualTo(200);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(service.db().queryForObject(
                "SELECT count(*) FROM user_tokens WHERE user_id = 'leaver-a' AND state = 'revoked'", Integer.class)).isEqualTo(8));
        for (String token : live) {
            assertThat(service.eventTypesOf(token)).containsExactly("TokenIssued", "TokenSuspended", "TokenRevoked");
            assertThat(revokedCorrelationIds(token)).containsExactly("hr:leaver-a");
        }
        assertThat(service.eventTypesOf(revokedBefore)).containsExactly("TokenIssued", "TokenRevoked");
        assertThat(revokedCorrelationIds(revokedBefore)).doesNotContain("hr:leaver-a");
        assertThat(service.eventTypesOf(colleague)).containsExactly("TokenIssued");
        assertThat(service.db().queryForObject("""
                SELECT convert_from(payload, 'UTF8')::jsonb #>> '{actor,id}' FROM domainevententry
                WHERE aggregateidentifier = ? AND payloadtype LIKE '%TokenRevoked'""", String.class, live.get(6)))
                .isEqualTo("system:offboarding");
    }

    @Test
    void aTokenIssuedBetweenDryRunAndExecutionMakesItAConflictAndNothingIsRevoked() throws Exception {
        List<String> before = List.of(issueId("race-a", "ci", "reports:read"), issueId("race-a", "ci", "reports:read"));
        int count = body(dryRun(admin, "{\"owner\":\"race-a\"}")).path("count").asInt();
        String late = issueId("race-a", "ci", "reports:read");

        assertProblem(execute(admin, "{\"owner\":\"race-a\"}", count, ""), 409, "conflict", "matches 3 tokens, not the expected 2");
        for (String token : List.of(before.get(0), before.get(1), late)) {
            assertThat(service.eventTypesOf(token)).containsExactly("TokenIssued");
        }
    }

    @Test
    void aDifferentSelectionOfTheSameSizeMakesItAConflictWhenTheFingerprintIsGiven() throws Exception {
        String first = issueId("swap-a", "ci", "reports:read");
        String second = issueId("swap-a", "ci", "reports:read");
        String fingerprint = body(dryRun(admin, "{\"owner\":\"swap-a\"}")).path("fingerprint").asText();
        assertThat(http.post("/v1/tokens/" + first + "/revoke", admin, "{}").statusCode()).isEqualTo(200);
        String third = issueId("swap-a", "ci", "reports:read");

        assertProblem(execute(admin, "{\"owner\":\"swap-a\"}", 2, ",\"expectedFingerprint\":\"" + fingerprint + "\""),
                409, "conflict", "fingerprint");
        assertThat(service.eventTypesOf(second)).containsExactly("TokenIssued");
        assertThat(service.eventTypesOf(third)).containsExactly("TokenIssued");
    }

    @Test
    void aSelectorBoundToNoOwnerOrIssuerIsForbiddenWithoutAdminAndRevokesNothing() throws Exception {
        String token = issueId("wide-a", "ci", "billing:read");
        String operator = service.introspection().caller("tok_0bad0bad0bad0bad0bad0bad0bad0bad", "wide-a", "tokens:revoke");

        assertProblem(dryRun(operator, "{\"scope\":\"billing:read\"}"), 403, "forbidden", "tokens:admin");
        assertProblem(execute(operator, "{\"scope\":\"billing:read\"}", 1, ""), 403, "forbidden", "tokens:admin");
        assertThat(service.eventTypesOf(token)).containsExactly("TokenIssued");
    }

    @Test
    void tokensOutOfTheCallersReachAreNeitherCountedNorRevokedNorNamed() throws Exception {
        Issued issuer = issue(admin, "reach-f", "issuer", "tokens:issue tokens:delegate reports:read");
        Issued own = issue(issuer.secret(), "reach-f", "child", "reports:read");
        Issued foreign = issue(issuer.secret(), "reach-g", "child", "reports:read");
        String teamF = service.introspection().caller("tok_f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0", "reach-f", "tokens:revoke");
        String selector = "{\"issuedBy\":\"" + issuer.id() + "\"}";

        JsonNode plan = body(dryRun(teamF, selector));
        assertThat(plan.path("count").asInt()).isEqualTo(1);
        assertThat(ids(plan)).containsExactly(own.id());
        HttpResponse<String> response = execute(teamF, selector, 1, "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ids(body(response))).containsExactly(own.id());
        assertThat(service.eventTypesOf(own.id())).containsExactly("TokenIssued", "TokenRevoked");
        assertThat(service.eventTypesOf(foreign.id())).containsExactly("TokenIssued");
        // An owner selector for someone else's tokens finds nothing for this caller either.
        assertThat(body(dryRun(teamF, "{\"owner\":\"reach-g\"}")).path("count").asInt()).isZero();
    }

    @Test
    void eachSelectorFieldNarrowsTheMatch() throws Exception {
        String owner = "fields-a";
        Issued deployer = issue(admin, owner, "deploy-bot-1", "deploy:run tokens:issue tokens:delegate");
        String reporter = issueId(owner, "report-job", "reports:read");
        Instant between = Instant.now();
        String billing = issueId(owner, "billing-sync", "billing:read billing:refund");
        String child = issue(deployer.secret(), "fields-b", "deploy-child", "deploy:run").id();
        String grandchildIssuer = issue(deployer.secret(), owner, "deploy-bot-2", "deploy:run").id();
        assertThat(http.post("/v1/tokens/" + reporter + "/suspend", admin, "{}").statusCode()).isEqualTo(200);
        String o = "\"owner\":\"" + owner + "\"";

        assertThat(matched("{" + o + "}")).containsExactlyInAnyOrder(deployer.id(), reporter, billing, grandchildIssuer);
        assertThat(matched("{" + o + ",\"scope\":\"deploy:run\"}")).containsExactlyInAnyOrder(deployer.id(), grandchildIssuer);
        assertThat(matched("{" + o + ",\"scope\":\"billing:re*\"}")).containsExactly(billing);
        assertThat(matched("{" + o + ",\"scope\":\"*:read\"}")).containsExactlyInAnyOrder(reporter, billing);
        assertThat(matched("{\"issuedBy\":\"" + deployer.id() + "\"}")).containsExactlyInAnyOrder(child, grandchildIssuer);
        assertThat(matched("{" + o + ",\"issuedBefore\":\"" + between + "\"}")).containsExactlyInAnyOrder(deployer.id(), reporter);
        assertThat(matched("{" + o + ",\"issuedAfter\":\"" + between + "\"}")).containsExactlyInAnyOrder(billing, grandchildIssuer);
        assertThat(matched("{" + o + ",\"state\":\"suspended\"}")).containsExactly(reporter);
        assertThat(matched("{" + o + ",\"state\":\"active\"}")).containsExactlyInAnyOrder(deployer.id(), billing, grandchildIssuer);
        assertThat(matched("{" + o + ",\"name\":\"deploy-bot-?\"}")).containsExactlyInAnyOrder(deployer.id(), grandchildIssuer);
        assertThat(matched("{" + o + ",\"name\":\"*sync\"}")).containsExactly(billing);
        // A revoked token is never matched again.
        assertThat(http.post("/v1/tokens/" + billing + "/revoke", admin, "{}").statusCode()).isEqualTo(200);
        assertThat(matched("{" + o + ",\"name\":\"*sync\"}")).isEmpty();
    }

    @Test
    void notUsedSinceFollowsTheUsageSummariesOfTokenQuery() throws Exception {
        String owner = "idle-a";
        String used = issueId(owner, "busy", "reports:read");
        String idle = issueId(owner, "idle", "reports:read");
        Instant lastUse = Instant.now().plusSeconds(1);
        usage.send(USAGE_FORMAT.createKafkaMessage(GenericEventMessage.asEventMessage(new TokenUsageSummarized(
                new TokenId(used), new UserId(owner), lastUse.minusSeconds(60), lastUse, 3, lastUse, "203.0.113.9",
                Set.of("reports:read"), Actor.system("usage"), Cause.of("usage window"), lastUse)), "token-usage")).get();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                matched("{\"owner\":\"" + owner + "\",\"notUsedSince\":\"" + lastUse.minusSeconds(1) + "\"}"))
                .containsExactly(idle));
        // Used before the instant counts as not used since.
        assertThat(matched("{\"owner\":\"" + owner + "\",\"notUsedSince\":\"" + lastUse.plusSeconds(1) + "\"}"))
                .containsExactlyInAnyOrder(used, idle);
    }

    @Test
    void singleRevocationsThroughAnotherInstanceRacingAnExecutionNeitherDoubleNorLoseAnEventAndNeverFail() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tokens.add(issueId("race-b", "worker", "reports:read"));
        }
        assertThat(body(dryRun(admin, "{\"owner\":\"race-b\"}")).path("count").asInt()).isEqualTo(40);
        try (CommandService other = service.startBeside("bulk-other", Map.of())) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                Future<HttpResponse<String>> bulk = pool.submit(() -> execute(admin, "{\"owner\":\"race-b\"}", 40, ""));
                List<Future<HttpResponse<String>>> singles = new ArrayList<>();
                // From the other end of the id order, so the two meet in the middle of some chunk.
                for (String token : tokens.stream().sorted(Comparator.reverseOrder()).toList()) {
                    singles.add(pool.submit(() -> other.http().post("/v1/tokens/" + token + "/revoke", admin, "{}")));
                }
                // 409 when a single revocation came before the execution took its selection; never anything else.
                assertThat(bulk.get().statusCode()).as(bulk.get().body()).isIn(200, 409);
                for (Future<HttpResponse<String>> single : singles) {
                    assertThat(single.get().statusCode()).as(single.get().body()).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        for (String token : tokens) {
            assertThat(service.eventTypesOf(token)).as(token).containsExactly("TokenIssued", "TokenRevoked");
        }
    }

    @Test
    void malformedRequestsAreRefusedNamingTheField() throws Exception {
        assertProblem(dryRun(admin, "{}"), 400, "invalid-request", "selector: give at least one");
        assertProblem(http.post("/v1/revocations", admin, "{\"dryRun\":true}"), 400, "invalid-request", "selector is required");
        assertProblem(http.post("/v1/revocations", admin, "{\"selector\":{\"owner\":\"x\"}}"), 400, "invalid-request", "dryRun");
        assertProblem(dryRun(admin, "{\"owner\":\"x\",\"colour\":\"red\"}"), 400, "invalid-request", "colour");
        assertProblem(dryRun(admin, "{\"owner\":\"x\",\"state\":\"revoked\"}"), 400, "invalid-request", "selector.state");
        assertProblem(dryRun(admin, "{\"owner\":\"x\",\"scope\":\"Deploy run\"}"), 400, "invalid-request", "selector.scope");
        assertProblem(dryRun(admin, "{\"owner\":\"x\",\"issuedBy\":\"nope\"}"), 400, "invalid-request", "selector.issuedBy");
        assertProblem(dryRun(admin, "{\"owner\":\"not an id\"}"), 400, "invalid-request", "selector.owner");
        assertProblem(dryRun(admin, "{\"owner\":\"x\",\"issuedBefore\":\"yesterday\"}"), 400, "invalid-request", "issuedBefore");
        assertProblem(dryRun(admin, "{\"owner\":\"x\",\"name\":\"a\\u0000b\"}"), 400, "invalid-request", "selector.name");
        assertProblem(http.post("/v1/revocations", admin, "{\"selector\":{\"owner\":\"x\"},\"dryRun\":false}"),
                400, "invalid-request", "expectedCount");
    }

    @Test
    void withoutABearerTokenNothingIsSelected() throws Exception {
        String token = issueId("anon-a", "ci", "reports:read");
        assertProblem(execute(null, "{\"owner\":\"anon-a\"}", 1, ""), 401, "unauthenticated", null);
        String narrow = service.introspection().caller("tok_1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a", "anon-a", "tokens:read");
        assertProblem(execute(narrow, "{\"owner\":\"anon-a\"}", 1, ""), 403, "forbidden", null);
        assertThat(service.eventTypesOf(token)).containsExactly("TokenIssued");
    }
}
