package org.tokensuite.audit.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tokensuite.api.event.SystemChanged;
import org.tokensuite.api.event.SystemRegistered;
import org.tokensuite.api.event.TokenAnomalyDetected;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.api.event.TokenExpiryApproaching;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.event.TokenRevoked;
import org.tokensuite.api.event.TokenRotated;
import org.tokensuite.api.event.TokenSuspended;
import org.tokensuite.api.event.TokenUsageSummarized;
import org.tokensuite.api.event.TokenUseRefused;
import org.tokensuite.api.event.UserOffboarded;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.Scopes;
import org.tokensuite.api.value.SystemName;
import org.tokensuite.api.value.TokenHash;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.audit.verification.ChainVerification;
import org.tokensuite.audit.projection.AuditLogProjection;
import org.tokensuite.audit.store.ReadPool;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestDatabase;
import org.tokensuite.testsupport.TestKafka;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The service as auditors and token-command meet it: events published on a real Kafka topic
 * become hash-chained entries in a real PostgreSQL database, read over authenticated HTTP.
 * Tests share one log and run in order; the tampering test runs last.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditLogIntegrationTest {

    private static final IntrospectionStub INTROSPECTION = new IntrospectionStub();
    private static final TokenEventsPublisher PUBLISHER = new TokenEventsPublisher();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String ALICE = "alice-" + SUFFIX;
    private static final String BOB = "bob-" + SUFFIX;
    private static final String CAROL = "carol-" + SUFFIX;
    private static final String DAVE = "dave-" + SUFFIX;
    private static final String ERIN = "erin-" + SUFFIX;
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final TokenHash SECRET_HASH = new TokenHash("5e".repeat(32));
    private static final TokenHash OLD_SECRET_HASH = new TokenHash("0d".repeat(32));
    private static final Actor ADMIN = new Actor("tok_" + "e".repeat(32), "admin");
    private static final String AUDITOR = INTROSPECTION.tokenWithScopes("audit:read");
    private static final String NOT_AN_AUDITOR = INTROSPECTION.tokenWithScopes("tokens:read billing:*");
    private static final String TOKENS_ADMIN = INTROSPECTION.tokenWithScopes("tokens:read tokens:admin");
    private static final String SUPERSEDED_AUDITOR = INTROSPECTION.supersededTokenWithScopes("audit:read");

    private static TestDatabase database;

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private EventProcessingConfiguration processing;

    @Autowired
    private ReadPool readPool;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = SuiteInfrastructure.register(registry, "audit");
        TestKafka.createTopics(4, TokenEventsPublisher.TOPIC, TokenEventsPublisher.SIGNALS, TokenEventsPublisher.USAGE);
        // A list, as TOKENS_INTROSPECTION_URL may give it: the first URL answers nothing, so every
        // test here also shows the failover.
        // A reader who finds the read pool exhausted is told so after a second (readersWhoHold...).
        registry.add("tokens.export.connection-timeout", () -> "PT1S");
        // A read-your-writes read that cannot be answered is refused after this long (aReadNotOlderThan...).
        registry.add("tokens.audit.read-your-writes.max-wait", () -> "PT3S");
        registry.add("tokens.resource-server.introspection-urls", () -> "http://127.0.0.1:9/v1/introspect," + INTROSPECTION.url());
    }

    @AfterAll
    static void stop() {
        PUBLISHER.close();
        INTROSPECTION.close();
    }

    private static TokenIssued issued(TokenId id, String owner, Instant at, Instant expiresAt, String hint,
                                      String... scopes) {
        return new TokenIssued(id, new UserId(owner), "ci deploy", Scopes.parse(List.of(scopes)), SECRET_HASH, hint,
                null, expiresAt,
                List.of(), null, ADMIN, new Cause("needed for ci", "req-issue"), at);
    }

    private static TokenRevoked revoked(TokenId id, String owner, Instant at) {
        return new TokenRevoked(id, new UserId(owner), ADMIN, new Cause("leaked", "req-revoke"), at);
    }

    private long entriesOf(String owner) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE owner_id = ?", Long.class, owner);
        return count == null ? 0 : count;
    }

    private HttpResponse<String> get(String pathAndQuery, String token, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = get(pathAndQuery, AUDITOR, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static final TokenId ALICE_TOKEN = TokenId.random();

    @Test
    @Order(1)
    void eventsBecomeEntriesInOrderWithActorCauseAndNoSecretHash() throws Exception {
        PUBLISHER.publish(issued(ALICE_TOKEN, ALICE, T0, T0.plus(Duration.ofDays(30)), "ab12", "deploy:*"));
        PUBLISHER.publish(new TokenRotated(ALICE_TOKEN, new UserId(ALICE), new TokenHash("7f".repeat(32)), "cd34",
                OLD_SECRET_HASH, T0.plus(Duration.ofHours(2)), null, Actor.token(ALICE_TOKEN, new UserId(ALICE)),
                new Cause("scheduled rotation", "req-rotate"), T0.plus(Duration.ofHours(1))));
        PUBLISHER.publish(new TokenSuspended(ALICE_TOKEN, new UserId(ALICE), Actor.system("lifecycle"),
                new Cause("leave", "hr:42"), T0.plus(Duration.ofHours(5))));

        await().atMost(Duration.ofSeconds(90)).until(() -> entriesOf(ALICE) == 3);

        JsonNode entries = getJson("/v1/audit/events?ownerId=" + ALICE).get("entries");
        assertThat(entries).hasSize(3);
        assertThat(entries.findValuesAsText("type")).containsExactly("TokenIssued", "TokenRotated", "TokenSuspended");
        assertThat(entries.get(0).get("seq").asLong()).isLessThan(entries.get(1).get("seq").asLong());
        assertThat(entries.get(1).get("seq").asLong()).isLessThan(entries.get(2).get("seq").asLong());
        assertThat(entries.get(0).get("tokenId").asText()).isEqualTo(ALICE_TOKEN.value());
        assertThat(entries.get(0).get("actor").get("id").asText()).isEqualTo(ADMIN.id());
        assertThat(entries.get(1).get("actor").get("id").asText()).isEqualTo(ALICE_TOKEN.value());
        assertThat(entries.get(2).get("actor").get("id").asText()).isEqualTo("system:lifecycle");
        assertThat(entries.get(2).get("cause").get("reason").asText()).isEqualTo("leave");
        assertThat(entries.get(2).get("cause").get("correlationId").asText()).isEqualTo("hr:42");
        assertThat(entries.get(1).get("occurredAt").asText()).isEqualTo("2024-03-01T11:00:00.000000Z");
        assertThat(entries.get(1).get("payload").get("hint").asText()).isEqualTo("cd34");
        assertThat(entries.get(0).get("payload").get("scopes").get(0).asText()).isEqualTo("deploy:*");
        String stored = jdbc.queryForObject("SELECT string_agg(payload::text, ' ') FROM audit_entry", String.class);
        assertThat(stored).doesNotContain(SECRET_HASH.value()).doesNotContain(OLD_SECRET_HASH.value())
                .doesNotContain("7f".repeat(32)).doesNotContain("ecretHash");
    }

    @Test
    @Order(2)
    void theSameEventDeliveredTwiceIsRecordedOnce() {
        TokenId token = TokenId.random();
        EventMessage<TokenEvent> issue = TokenEventsPublisher.message(issued(token, ALICE, T0, T0.plusSeconds(60), "dup1", "billing:read"));
        PUBLISHER.publish(issue);
        PUBLISHER.publish(issue);
        TokenId marker = TokenId.random();
        PUBLISHER.publish(issued(marker, ALICE, T0, T0.plusSeconds(60), "mark", "billing:read"));

        await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM audit_entry WHERE token_id = ?", Long.class, marker.value()) == 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE event_id = ?", Long.class,
                issue.getIdentifier())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) = max(seq) FROM audit_entry", Boolean.class))
                .as("seq stays dense: the duplicate did not take a number").isTrue();
    }

    @Test
    @Order(3)
    void verifyWalksTheWholeChainAndReportsItsHead() throws Exception {
        JsonNode result = getJson("/v1/audit/verify");

        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("entries").asLong()).isEqualTo(jdbc.queryForObject("SELECT count(*) FROM audit_entry", Long.class));
        assertThat(result.get("head").asText()).isEqualTo(
                jdbc.queryForObject("SELECT hash FROM audit_entry ORDER BY seq DESC LIMIT 1", String.class));
    }

    @Test
    @Order(4)
    void entriesPageWithACursorAndExportAsCsvAndNdjson() throws Exception {
        JsonNode first = getJson("/v1/audit/events?ownerId=" + ALICE + "&limit=2");
        assertThat(first.get("entries")).hasSize(2);
        String cursor = first.get("nextCursor").asText();
        JsonNode rest = getJson("/v1/audit/events?ownerId=" + ALICE + "&limit=2&cursor=" + cursor);
        assertThat(rest.get("entries").get(0).get("seq").asLong()).isGreaterThan(Long.parseLong(cursor));
        long total = entriesOf(ALICE);

        HttpResponse<String> csv = get("/v1/audit/events?ownerId=" + ALICE, AUDITOR, "text/csv");
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("seq,event_id,type,token_id,owner_id");
        assertThat(lines).hasSize((int) total + 1);

        HttpResponse<String> ndjson = get("/v1/audit/events?ownerId=" + ALICE + "&type=TokenRotated", AUDITOR,
                "application/x-ndjson");
        List<String> rows = ndjson.body().lines().toList();
        assertThat(rows).hasSize(1);
        assertThat(JSON.readTree(rows.get(0)).get("type").asText()).isEqualTo("TokenRotated");
    }

    @Test
    @Order(5)
    void malformedParametersAreProblemDetails() throws Exception {
        for (String query : List.of("from=yesterday", "limit=0", "tokenId=nope", "cursor=-3")) {
            HttpResponse<String> response = get("/v1/audit/events?" + query, AUDITOR, null);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(response.body()).get("type").asText())
                    .isEqualTo("https://tokensuite.org/problems/invalid-request");
        }
        assertThat(get("/v1/audit/access", AUDITOR, null).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void instantsBeyondWhatTheDatabaseCanHoldAreInvalidRequestsNotAnOutage() throws Exception {
        for (String pathAndQuery : List.of("/v1/audit/access?at=%2B999999999-12-31T23:59:59Z",
                "/v1/audit/events?from=%2B10000-01-01T00:00:00Z", "/v1/audit/events?to=-999999999-01-01T00:00:00Z")) {
            HttpResponse<String> response = get(pathAndQuery, AUDITOR, null);
            assertThat(response.statusCode()).as(pathAndQuery + " " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("type").asText()).isEqualTo("https://tokensuite.org/problems/invalid-request");
            assertThat(problem.get("detail").asText()).contains("9999-12-31");
        }
        assertThat(get("/v1/audit/access?at=9999-12-31T23:59:59Z", AUDITOR, null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void unknownPathsAndMethodsAreProblemsOfTheSuitesTypes() throws Exception {
        HttpResponse<String> notFound = get("/v1/audit/nothing-here", AUDITOR, null);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(notFound.body()).get("type").asText())
                .isEqualTo("https://tokensuite.org/problems/not-found");

        HttpResponse<String> wrongMethod = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/audit/verify"))
                .header("Authorization", "Bearer " + AUDITOR)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(wrongMethod.body()).get("type").asText())
                .isEqualTo("https://tokensuite.org/problems/method-not-allowed");
    }

    @Test
    @Order(5)
    void requestsTomcatRefusesBeforeSpringGetAProblemNotAnHtmlPage() throws Exception {
        String bigHeader = "X-Padding: " + "a".repeat(9_000) + "\r\n";
        Map<String, String> requests = Map.of(
                "encoded slash", "GET /v1/audit%2Fverify HTTP/1.1\r\n",
                "encoded NUL", "GET /v1/audit/verify%00 HTTP/1.1\r\n",
                "climbing above the root", "GET /v1/%2e%2e/%2e%2e/%2e%2e/audit/verify HTTP/1.1\r\n",
                "headers over 8 KB", "GET /v1/audit/verify HTTP/1.1\r\n" + bigHeader);
        for (Map.Entry<String, String> request : requests.entrySet()) {
            RawResponse response = raw(request.getValue() + "Host: 127.0.0.1\r\nAuthorization: Bearer " + AUDITOR
                    + "\r\nConnection: close\r\n\r\n");
            String what = request.getKey() + ": " + response;
            assertThat(response.status()).as(what).isIn(400, 431);
            assertThat(response.head().toLowerCase()).as(what).contains("content-type: application/problem+json");
            assertThat(response.body()).as(what).doesNotContainIgnoringCase("<html").doesNotContain("Tomcat")
                    .doesNotContain("Exception");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("type").asText()).as(what).isEqualTo("https://tokensuite.org/problems/invalid-request");
            assertThat(problem.get("status").asInt()).as(what).isEqualTo(response.status());
        }
    }

    private record RawResponse(int status, String head, String body) {
    }

    /** java.net.http would refuse to send some of these requests; a socket sends them as written. */
    private RawResponse raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String head = split < 0 ? response : response.substring(0, split);
            String body = split < 0 ? "" : response.substring(split + 4);
            return new RawResponse(Integer.parseInt(head.substring(9, 12)), head, body);
        }
    }

    @Test
    @Order(6)
    void everyEndpointButHealthNeedsAnAuditReadToken() throws Exception {
        HttpResponse<String> anonymous = get("/v1/audit/verify", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(get("/v1/audit/events", "tkn_not-a-real-token", null).statusCode()).isEqualTo(401);
        HttpResponse<String> forbidden = get("/v1/audit/reports/stale-tokens", NOT_AN_AUDITOR, null);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(get("/v1/audit/verify", TOKENS_ADMIN, null).statusCode()).as("tokens:admin covers audit:read")
                .isEqualTo(200);
        assertThat(get("/actuator/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void aSupersededSecretReadsButIsRefusedForAnythingElseAsAnInvalidToken() throws Exception {
        long entries = jdbc.queryForObject("SELECT count(*) FROM audit_entry", Long.class);
        assertThat(get("/v1/audit/verify", SUPERSEDED_AUDITOR, null).statusCode()).isEqualTo(200);

        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/audit/events"))
                    .header("Authorization", "Bearer " + SUPERSEDED_AUDITOR)
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).as(method).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue(
                    "Bearer error=\"invalid_token\", error_description=\"the secret was superseded by a rotation\"");
            assertThat(JSON.readTree(refused.body()).get("detail").asText()).contains("superseded");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry", Long.class)).isEqualTo(entries);
    }

    @Test
    @Order(7)
    void accessAtAnInstantShowsTokensValidThenWithBothSecretsDuringRotationOverlap() throws Exception {
        JsonNode duringOverlap = getJson("/v1/audit/access?ownerId=" + ALICE + "&at=2024-03-01T11:30:00Z");
        JsonNode afterSuspension = getJson("/v1/audit/access?ownerId=" + ALICE + "&at=2024-03-01T15:00:00Z");

        JsonNode alice = null;
        for (JsonNode token : duringOverlap.get("tokens")) {
            if (token.get("tokenId").asText().equals(ALICE_TOKEN.value())) {
                alice = token;
            }
        }
        assertThat(alice).as(duringOverlap.toString()).isNotNull();
        assertThat(alice.get("hints").findValuesAsText("hints")).isEmpty();
        assertThat(List.of(alice.get("hints").get(0).asText(), alice.get("hints").get(1).asText()))
                .containsExactly("cd34", "ab12");
        assertThat(afterSuspension.get("tokens").findValuesAsText("tokenId")).doesNotContain(ALICE_TOKEN.value());
    }

    @Test
    @Order(8)
    void accessFilteredByScopeFollowsTheSuitesCoverageRule() throws Exception {
        TokenId carols = TokenId.random();
        PUBLISHER.publish(issued(carols, CAROL, T0, T0.plus(Duration.ofDays(30)), "c4r0", "billing:read"));
        await().atMost(Duration.ofSeconds(90)).until(() -> entriesOf(CAROL) == 1);
        String at = "/v1/audit/access?at=2024-03-01T11:30:00Z&scope=";

        List<String> deployWrite = getJson(at + "deploy:write").get("tokens").findValuesAsText("tokenId");
        List<String> billingWrite = getJson(at + "billing:write").get("tokens").findValuesAsText("tokenId");
        List<String> billingRead = getJson(at + "billing:read").get("tokens").findValuesAsText("tokenId");

        assertThat(deployWrite).as("deploy:* covers deploy:write").contains(ALICE_TOKEN.value())
                .doesNotContain(carols.value());
        assertThat(billingRead).contains(carols.value()).doesNotContain(ALICE_TOKEN.value());
        assertThat(billingWrite).as("billing:read does not cover billing:write")
                .doesNotContain(carols.value(), ALICE_TOKEN.value());
        HttpResponse<String> badScope = get(at + "Deploy:*x", AUDITOR, null);
        assertThat(badScope.statusCode()).isEqualTo(400);
        assertThat(badScope.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    @Order(9)
    void reportsShowLateOffboardingRevocationAndTokensWithoutExpiry() throws Exception {
        TokenId late = TokenId.random();
        TokenId forever = TokenId.random();
        Instant offboarding = T0.plus(Duration.ofDays(1));
        PUBLISHER.publish(issued(late, BOB, T0, T0.plus(Duration.ofDays(30)), "late", "billing:read", "reports:read"));
        PUBLISHER.publish(issued(forever, BOB, T0, null, "4eva", "reports:read"));
        PUBLISHER.publish(new UserOffboarded(new UserId(BOB), Actor.system("hr"), new Cause("left", "hr:7"), offboarding));
        PUBLISHER.publish(revoked(late, BOB, offboarding.plusSeconds(60)));
        PUBLISHER.publish(revoked(forever, BOB, offboarding.plusSeconds(2)));
        await().atMost(Duration.ofSeconds(90)).until(() -> entriesOf(BOB) == 5);

        JsonNode lag = getJson("/v1/audit/reports/offboarding-lag");
        JsonNode bob = null;
        for (JsonNode o : lag.get("offboardings")) {
            if (o.get("ownerId").asText().equals(BOB)) {
                bob = o;
            }
        }
        assertThat(lag.get("ok").asBoolean()).isFalse();
        assertThat(bob).as(lag.toString()).isNotNull();
        assertThat(bob.get("tokens")).hasSize(2);
        for (JsonNode token : bob.get("tokens")) {
            boolean isLate = token.get("tokenId").asText().equals(late.value());
            assertThat(token.get("withinGrace").asBoolean()).isEqualTo(!isLate);
            assertThat(token.get("lag").asText()).isEqualTo(isLate ? "PT1M" : "PT2S");
        }

        JsonNode lifetimes = getJson("/v1/audit/reports/excessive-lifetime");
        assertThat(lifetimes.get("tokens").findValuesAsText("tokenId")).contains(forever.value()).doesNotContain(late.value());

        JsonNode stale = getJson("/v1/audit/reports/stale-tokens?days=30");
        assertThat(stale.get("tokens").findValuesAsText("tokenId")).as("expired tokens are not stale, they are over")
                .doesNotContain(late.value(), forever.value());
    }

    @Test
    @Order(10)
    void securitySignalsJoinTheSameDenseChainInterleavedWithTokenEventsAndARedeliveredSignalIsRecordedOnce()
            throws Exception {
        TokenId token = TokenId.random();
        UserId dave = new UserId(DAVE);
        Actor tokenQuery = Actor.system("token-query");
        EventMessage<TokenEvent> refused = TokenEventsPublisher.message(new TokenUseRefused(token, dave, "revoked",
                "203.0.113.7", 3, T0.plus(Duration.ofHours(2)), tokenQuery,
                new Cause("use of a token that is not valid", "req-refused"), T0.plus(Duration.ofHours(2)).plusSeconds(30)));
        TokenAnomalyDetected anomaly = new TokenAnomalyDetected(token, dave, "new_network",
                Map.of("network", "198.51.100.0/24", "seenNetworks", "10.0.0.0/24"), true, tokenQuery,
                new Cause("first use from a network never seen for this token", "req-anomaly"),
                T0.plus(Duration.ofHours(1)));
        long before = jdbc.queryForObject("SELECT count(*) FROM audit_entry", Long.class);

        PUBLISHER.publish(issued(token, DAVE, T0, T0.plus(Duration.ofDays(30)), "d4v3", "deploy:read"));
        PUBLISHER.publish(TokenEventsPublisher.SIGNALS, anomaly);
        PUBLISHER.publish(revoked(token, DAVE, T0.plus(Duration.ofHours(1)).plusSeconds(1)));
        PUBLISHER.publish(TokenEventsPublisher.SIGNALS, refused);
        PUBLISHER.publish(TokenEventsPublisher.SIGNALS, refused);
        // Same key, same partition as the redelivered signal: once this is recorded, so is the duplicate.
        PUBLISHER.publish(TokenEventsPublisher.SIGNALS, new TokenUseRefused(token, dave, "revoked", "203.0.113.8", 1,
                T0.plus(Duration.ofHours(3)), tokenQuery, new Cause("use of a token that is not valid", "req-marker"),
                T0.plus(Duration.ofHours(3))));
        PUBLISHER.publish(new TokenSuspended(token, dave, Actor.system("lifecycle"), new Cause("leave", "hr:9"),
                T0.plus(Duration.ofHours(4))));
        PUBLISHER.publish(new TokenExpiryApproaching(token, dave, TokenExpiryApproaching.EXPIRY,
                T0.plus(Duration.ofDays(30)), Actor.system("token-command"), new Cause("expiry warning", null),
                T0.plus(Duration.ofDays(23))));

        await().atMost(Duration.ofSeconds(90)).until(() -> entriesOf(DAVE) == 7);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE event_id = ?", Long.class,
                refused.getIdentifier())).as("the redelivered signal is one entry").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry", Long.class)).isEqualTo(before + 7);
        assertThat(jdbc.queryForObject("SELECT count(*) = max(seq) AND count(DISTINCT seq) = count(*) FROM audit_entry",
                Boolean.class)).as("one dense sequence across both topics").isTrue();
        JsonNode verified = getJson("/v1/audit/verify");
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("entries").asLong()).isEqualTo(before + 7);
        assertThat(getJson("/v1/audit/events?ownerId=" + DAVE).get("entries").findValuesAsText("type"))
                .containsExactlyInAnyOrder("TokenIssued", "TokenRevoked", "TokenSuspended", "TokenAnomalyDetected",
                        "TokenUseRefused", "TokenUseRefused", "TokenExpiryApproaching");

        JsonNode refusals = getJson("/v1/audit/events?type=TokenUseRefused&tokenId=" + token.value()).get("entries");
        assertThat(refusals).hasSize(2);
        JsonNode first = refusals.get(0);
        assertThat(first.get("eventId").asText()).isEqualTo(refused.getIdentifier());
        assertThat(first.get("actor").get("id").asText()).isEqualTo("system:token-query");
        assertThat(first.get("ownerId").asText()).isEqualTo(DAVE);
        assertThat(first.get("cause").get("correlationId").asText()).isEqualTo("req-refused");
        assertThat(first.get("payload").get("sourceAddress").asText()).isEqualTo("203.0.113.7");
        assertThat(first.get("payload").get("reason").asText()).isEqualTo("revoked");
        assertThat(first.get("payload").get("attempts").asLong()).isEqualTo(3);
        JsonNode anomalies = getJson("/v1/audit/events?type=TokenAnomalyDetected&ownerId=" + DAVE).get("entries");
        assertThat(anomalies).hasSize(1);
        assertThat(anomalies.get(0).get("payload").get("rule").asText()).isEqualTo("new_network");
        assertThat(anomalies.get(0).get("payload").get("evidence").get("network").asText()).isEqualTo("198.51.100.0/24");
        assertThat(anomalies.get(0).get("payload").get("suspendRequested").asBoolean()).isTrue();
    }

    @Test
    @Order(11)
    void usageSummariesDecideWhichValidTokensAreStaleAndAreNotChained() throws Exception {
        Instant now = Instant.now();
        Instant issuedAt = now.minus(Duration.ofDays(60));
        Instant expiresAt = now.plus(Duration.ofDays(60));
        TokenId fresh = TokenId.random();
        TokenId neverUsed = TokenId.random();
        TokenId dormant = TokenId.random();
        PUBLISHER.publish(issued(fresh, ERIN, issuedAt, expiresAt, "fr35", "reports:read"));
        PUBLISHER.publish(issued(neverUsed, ERIN, issuedAt, expiresAt, "n3v3", "reports:read"));
        PUBLISHER.publish(issued(dormant, ERIN, issuedAt, expiresAt, "d0rm", "reports:read"));
        PUBLISHER.publish(TokenEventsPublisher.USAGE, usage(fresh, now.minus(Duration.ofDays(1)), 5, "10.0.0.1"));
        EventMessage<TokenEvent> dormantUse = TokenEventsPublisher.message(
                usage(dormant, now.minus(Duration.ofDays(45)), 2, "10.0.0.2"));
        PUBLISHER.publish(TokenEventsPublisher.USAGE, dormantUse);
        PUBLISHER.publish(TokenEventsPublisher.USAGE, dormantUse);
        await().atMost(Duration.ofSeconds(90)).until(() -> entriesOf(ERIN) == 3 && lastUseRows(fresh, dormant) == 2);

        JsonNode stale = getJson("/v1/audit/reports/stale-tokens?days=30");
        assertThat(stale.get("basis").asText()).contains("last use");
        JsonNode neverUsedRow = finding(stale, neverUsed);
        JsonNode dormantRow = finding(stale, dormant);
        assertThat(finding(stale, fresh)).as("used yesterday").isNull();
        assertThat(neverUsedRow).as(stale.toString()).isNotNull();
        assertThat(neverUsedRow.get("basis").asText()).isEqualTo("issued_never_used");
        assertThat(Instant.parse(neverUsedRow.get("lastActivity").asText())).isEqualTo(issuedAt);
        assertThat(dormantRow).as(stale.toString()).isNotNull();
        assertThat(dormantRow.get("basis").asText()).isEqualTo("last_use");
        assertThat(dormantRow.get("lastSourceAddress").asText()).isEqualTo("10.0.0.2");
        assertThat(dormantRow.get("usesTotal").asLong()).as("the redelivered summary is counted once").isEqualTo(2);

        PUBLISHER.publish(TokenEventsPublisher.USAGE, usage(dormant, now.minus(Duration.ofDays(2)), 1, "10.0.0.9"));
        await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject(
                "SELECT uses_total FROM token_last_use WHERE token_id = ?", Long.class, dormant.value()) == 3);

        JsonNode afterUse = getJson("/v1/audit/reports/stale-tokens?days=30");
        assertThat(finding(afterUse, dormant)).as("used two days ago").isNull();
        assertThat(finding(afterUse, neverUsed)).isNotNull();
        assertThat(finding(getJson("/v1/audit/reports/stale-tokens?days=1"), dormant).get("lastSourceAddress").asText())
                .isEqualTo("10.0.0.9");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE type = 'TokenUsageSummarized'", Long.class))
                .as("usage is telemetry, not chained").isZero();
    }

    @Test
    @Order(12)
    void aSignalStampedBeforeAnEventReadJustAheadOfItDoesNotMakeTheEventGoMissing() {
        // Regression: the extension's default buffer re-sorted records by timestamp, so the signal
        // (read second, stamped earlier) was handed out first with a tracking token already covering
        // the event read before it, and the processor skipped the event: one entry lost per round.
        Instant now = Instant.now();
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            UserId owner = new UserId("frank-" + SUFFIX + "-" + round);
            TokenId token = TokenId.random();
            EventMessage<TokenEvent> event = TokenEventsPublisher.message(new TokenRevoked(token, owner, ADMIN,
                    new Cause("leaked", "req-order-" + round), now));
            EventMessage<TokenEvent> signal = TokenEventsPublisher.message(new TokenUseRefused(token, owner, "revoked",
                    "203.0.113.9", 1, now.minus(Duration.ofHours(1)), Actor.system("token-query"),
                    new Cause("use of a token that is not valid", "req-order-" + round), now.minus(Duration.ofHours(1))));
            PUBLISHER.publishTogether(List.of(
                    new TokenEventsPublisher.Stamped(TokenEventsPublisher.TOPIC, event, now.plusMillis(round)),
                    new TokenEventsPublisher.Stamped(TokenEventsPublisher.SIGNALS, signal,
                            now.minus(Duration.ofHours(1)).plusMillis(round))));
            expected.add(event.getIdentifier());
            expected.add(signal.getIdentifier());
        }

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(jdbc.queryForList(
                        "SELECT event_id FROM audit_entry WHERE event_id = ANY (?)", String.class,
                        (Object) expected.toArray(String[]::new)))
                .as("every event and signal of every round, each once")
                .containsExactlyInAnyOrderElementsOf(expected));
        assertThat(jdbc.queryForObject("SELECT count(*) = max(seq) FROM audit_entry", Boolean.class))
                .as("seq stays dense").isTrue();
    }

    @Test
    @Order(13)
    void csvNeutralisesFormulaCellsWhileJsonAndNdjsonKeepThemAndTheChainStillVerifies() throws Exception {
        String gina = "gina-" + SUFFIX;
        String hyperlink = "=HYPERLINK(\"http://evil.example/\")";
        TokenId token = TokenId.random();
        PUBLISHER.publish(new TokenRevoked(token, new UserId(gina), ADMIN, new Cause(hyperlink, "@corr"), T0));
        PUBLISHER.publish(new TokenSuspended(token, new UserId(gina), ADMIN, new Cause("-1+2", "'+x"), T0));
        await().atMost(Duration.ofSeconds(90)).until(() -> entriesOf(gina) == 2);

        HttpResponse<String> csv = get("/v1/audit/events?ownerId=" + gina, AUDITOR, "text/csv");
        assertThat(csv.body()).contains(",\"'=HYPERLINK(\"\"http://evil.example/\"\")\",'@corr,")
                .contains(",'-1+2,''+x,");
        List<List<String>> rows = CsvExport.rows(csv.body());
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).get(7)).isEqualTo("'" + hyperlink);
        assertThat(rows.get(2).get(7)).isEqualTo("'-1+2");

        List<JsonNode> ndjson = NdjsonChain.entries(get("/v1/audit/events?ownerId=" + gina, AUDITOR,
                "application/x-ndjson").body());
        JsonNode page = getJson("/v1/audit/events?ownerId=" + gina).get("entries");
        for (JsonNode entries : List.of(JSON.valueToTree(ndjson), page)) {
            assertThat(entries.get(0).get("cause").get("reason").asText()).isEqualTo(hyperlink);
            assertThat(entries.get(0).get("cause").get("correlationId").asText()).isEqualTo("@corr");
            assertThat(entries.get(1).get("cause").get("reason").asText()).isEqualTo("-1+2");
            assertThat(entries.get(1).get("cause").get("correlationId").asText()).isEqualTo("'+x");
        }
        for (int i = 0; i < 2; i++) {
            List<String> row = rows.get(i + 1);
            JsonNode entry = ndjson.get(i);
            assertThat(List.of(CsvExport.undo(row.get(7)), CsvExport.undo(row.get(8)), row.get(13)))
                    .as("README's undo rule gives back the hashed values")
                    .containsExactly(entry.get("cause").get("reason").asText(),
                            entry.get("cause").get("correlationId").asText(), entry.get("hash").asText());
        }

        ChainVerification fromExport = NdjsonChain.verify(get("/v1/audit/events", AUDITOR, "application/x-ndjson").body());
        assertThat(fromExport.ok()).as(String.valueOf(fromExport)).isTrue();
        assertThat(fromExport.entries()).isEqualTo(jdbc.queryForObject("SELECT count(*) FROM audit_entry", Long.class));
    }

    @Test
    @Order(14)
    void eventsWithTextPostgresCannotHoldAreRecordedExactlyAndDoNotStopTheProjector() throws Exception {
        String hank = "hank-" + SUFFIX;
        UserId owner = new UserId(hank);
        TokenId token = TokenId.random();
        Map<String, String> reasons = new java.util.LinkedHashMap<>();
        reasons.put("nul", "a\u0000b");
        reasons.put("lone surrogate", "x\ud800y\udc00z \ud83d\ude00");
        reasons.put("megabyte", "m".repeat(1_000_000));
        reasons.put("control characters", "\u0001\u007f\u0085\u009f\n\t");
        List<String> ids = new ArrayList<>();
        for (String reason : reasons.values()) {
            EventMessage<TokenEvent> revoked = TokenEventsPublisher.message(
                    new TokenRevoked(token, owner, ADMIN, new Cause("PLACEHOLDER", "req-exotic"), T0));
            PUBLISHER.publishEdited(TokenEventsPublisher.TOPIC, revoked,
                    json -> json.replace("\"PLACEHOLDER\"", TokenEventsPublisher.jsonString(reason)));
            ids.add(revoked.getIdentifier());
        }
        EventMessage<TokenEvent> signal = TokenEventsPublisher.message(new TokenUseRefused(token, owner, "revoked",
                "203.0.113.7", 1, T0, Actor.system("token-query"), new Cause("PLACEHOLDER", null), T0));
        PUBLISHER.publishEdited(TokenEventsPublisher.SIGNALS, signal,
                json -> json.replace("\"PLACEHOLDER\"", TokenEventsPublisher.jsonString("\udfff\u0000")));
        EventMessage<TokenEvent> notJson = TokenEventsPublisher.message(revoked(token, hank, T0));
        PUBLISHER.publishEdited(TokenEventsPublisher.TOPIC, notJson, json -> "{not json \u0000");
        PUBLISHER.publishRecord(TokenEventsPublisher.TOPIC, hank, new byte[]{0, (byte) 0xff, 'x'}, List.of());
        EventMessage<TokenEvent> badUsage = TokenEventsPublisher.message(usage(TokenId.random(), T0, 1, "10.0.0.1"));
        PUBLISHER.publishEdited(TokenEventsPublisher.USAGE, badUsage, json -> json.replace("\"tok_",
                "\"" + TokenEventsPublisher.jsonString("\u0000\ud800").replace("\"", "") + "tok_"));
        TokenId usedLater = TokenId.random();
        PUBLISHER.publish(TokenEventsPublisher.USAGE, usage(usedLater, T0, 4, "10.0.0.4"));
        EventMessage<TokenEvent> after = TokenEventsPublisher.message(new TokenSuspended(token, owner, ADMIN,
                new Cause("later", "req-after"), T0.plusSeconds(1)));
        PUBLISHER.publish(after);

        await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM audit_entry WHERE event_id = ?", Long.class, after.getIdentifier()) == 1);
        await().atMost(Duration.ofSeconds(90)).until(() -> lastUseRows(usedLater) == 1);

        List<JsonNode> ndjson = NdjsonChain.entries(get("/v1/audit/events?ownerId=" + hank, AUDITOR,
                "application/x-ndjson").body());
        JsonNode page = getJson("/v1/audit/events?ownerId=" + hank + "&limit=1000").get("entries");
        for (JsonNode entries : List.of(JSON.valueToTree(ndjson), page)) {
            List<String> recorded = new ArrayList<>();
            entries.forEach(e -> recorded.add(e.get("eventId").asText()));
            assertThat(recorded).as("every event of hank's partition, in order, the later one too")
                    .containsSubsequence(ids.get(0), ids.get(1), ids.get(2), ids.get(3), after.getIdentifier())
                    .as("and the signal, from its own topic").contains(signal.getIdentifier());
            int i = 0;
            for (Map.Entry<String, String> reason : reasons.entrySet()) {
                JsonNode entry = entries.get(recorded.indexOf(ids.get(i++)));
                assertThat(entry.get("cause").get("reason").textValue()).as(reason.getKey()).isEqualTo(reason.getValue());
                assertThat(entry.get("payload").get("cause").get("reason").textValue()).as(reason.getKey())
                        .isEqualTo(reason.getValue());
            }
        }
        JsonNode unreadable = NdjsonChain.entries(get("/v1/audit/events?type=TokenRevoked", AUDITOR,
                "application/x-ndjson").body()).stream()
                .filter(e -> e.get("eventId").asText().equals(notJson.getIdentifier())).findFirst().orElseThrow();
        assertThat(unreadable.get("ownerId").isNull()).as("nothing of it could be read").isTrue();
        assertThat(java.util.Base64.getDecoder().decode(unreadable.get("payload").get("unreadablePayloadBase64")
                .asText())).isEqualTo("{not json \u0000".getBytes(StandardCharsets.UTF_8));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE event_id = ANY (?) AND content IS NOT NULL"
                        + " AND payload IS NULL", Long.class, (Object) new String[]{ids.get(0), ids.get(1), signal.getIdentifier()}))
                .as("NUL and unpaired surrogates: exact content kept, jsonb left empty").isEqualTo(3);
        JsonNode signalEntry = getJson("/v1/audit/events?type=TokenUseRefused&tokenId=" + token.value()).get("entries").get(0);
        assertThat(signalEntry.get("cause").get("reason").textValue()).isEqualTo("\udfff\u0000");
        JsonNode notAnEvent = getJson("/v1/audit/events?type=UnreadableKafkaRecord").get("entries");
        assertThat(notAnEvent).isNotEmpty();
        assertThat(notAnEvent.get(notAnEvent.size() - 1).get("payload").get("valueBase64").asText())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(new byte[]{0, (byte) 0xff, 'x'}));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM token_last_use WHERE token_id LIKE '%' || chr(65533) || '%'",
                Long.class)).as("a summary with an unusable token id is skipped").isZero();

        JsonNode verified = getJson("/v1/audit/verify");
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
        ChainVerification fromExport = NdjsonChain.verify(get("/v1/audit/events", AUDITOR, "application/x-ndjson").body());
        assertThat(fromExport.ok()).as(String.valueOf(fromExport)).isTrue();
        assertThat(fromExport.entries()).isEqualTo(verified.get("entries").asLong());
    }

    @Test
    @Order(15)
    void verifySaysHowManyPublishedEventsAreNotInTheChainYetAndSinceWhen() throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> getJson("/v1/audit/verify").get("behind").get("events").asLong() == 0);
        JsonNode caughtUp = getJson("/v1/audit/verify").get("behind");
        assertThat(caughtUp.get("oldestPublishedAt").isNull()).as(caughtUp.toString()).isTrue();

        EventProcessor processor = processing.eventProcessor(AuditLogProjection.PROCESSING_GROUP).orElseThrow();
        processor.shutDown();
        String ivan = "ivan-" + SUFFIX;
        Instant beforePublishing = Instant.now().minusSeconds(1);
        try {
            PUBLISHER.publish(revoked(TokenId.random(), ivan, T0));
            PUBLISHER.publish(TokenEventsPublisher.SIGNALS, new TokenUseRefused(TokenId.random(), new UserId(ivan),
                    "revoked", "203.0.113.7", 1, T0, Actor.system("token-query"), new Cause("refused", null), T0));

            JsonNode stopped = getJson("/v1/audit/verify");
            assertThat(stopped.get("ok").asBoolean()).as("the chain itself is intact").isTrue();
            assertThat(stopped.get("behind").get("events").asLong()).as(stopped.toString()).isEqualTo(2);
            assertThat(Instant.parse(stopped.get("behind").get("oldestPublishedAt").asText())).isAfter(beforePublishing);
            assertThat(entriesOf(ivan)).isZero();
        } finally {
            processor.start();
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> entriesOf(ivan) == 2);
        JsonNode after = getJson("/v1/audit/verify");
        assertThat(after.get("behind").get("events").asLong()).as(after.toString()).isZero();
        assertThat(after.get("behind").get("oldestPublishedAt").isNull()).isTrue();
    }

    @Test
    @Order(16)
    void readersWhoHoldEveryReadConnectionDoNotDelayTheWriter() throws Exception {
        List<Connection> held = new ArrayList<>();
        String judy = "judy-" + SUFFIX;
        try {
            // As many open export streams as the read pool has connections (tokens.export.pool-size, 2).
            for (int i = 0; i < 2; i++) {
                held.add(readPool.dataSource().getConnection());
            }
            PUBLISHER.publish(revoked(TokenId.random(), judy, T0));
            PUBLISHER.publish(TokenEventsPublisher.SIGNALS, new TokenUseRefused(TokenId.random(), new UserId(judy),
                    "revoked", "203.0.113.7", 1, T0, Actor.system("token-query"), new Cause("refused", null), T0));

            await().atMost(Duration.ofSeconds(90)).until(() -> entriesOf(judy) == 2);
            HttpResponse<String> starved = get("/v1/audit/events?ownerId=" + judy, AUDITOR, "application/x-ndjson");
            assertThat(starved.statusCode()).as("the reader waits its pool's timeout, then is told: " + starved.body())
                    .isEqualTo(503);
            assertThat(starved.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(get("/v1/audit/verify", AUDITOR, null).statusCode()).isEqualTo(503);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        assertThat(NdjsonChain.entries(get("/v1/audit/events?ownerId=" + judy, AUDITOR, "application/x-ndjson").body()))
                .hasSize(2);
    }

    private static TokenUsageSummarized usage(TokenId token, Instant lastUsedAt, long uses, String source) {
        return new TokenUsageSummarized(token, new UserId(ERIN), lastUsedAt.minus(Duration.ofMinutes(1)), lastUsedAt,
                uses, lastUsedAt, source, Set.of("reports:read"), Actor.system("token-query"),
                new Cause("usage summary", null), lastUsedAt);
    }

    private long lastUseRows(TokenId... tokens) {
        return jdbc.queryForObject("SELECT count(*) FROM token_last_use WHERE token_id = ANY (?)", Long.class,
                (Object) java.util.Arrays.stream(tokens).map(TokenId::value).toArray(String[]::new));
    }

    private static JsonNode finding(JsonNode report, TokenId token) {
        for (JsonNode row : report.get("tokens")) {
            if (row.get("tokenId").asText().equals(token.value())) {
                return row;
            }
        }
        return null;
    }

    @Test
    @Order(17)
    void aCatalogueChangeIsRecordedWithItsActorAndReasonAndNoOwner() throws Exception {
        Actor operator = new Actor("tok_fedcba9876543210fedcba9876543210", "ops-admin");
        java.util.TreeMap<String, String> actions = new java.util.TreeMap<>(java.util.Map.of("read", "see invoices", "refund", "refund one"));
        PUBLISHER.publish(new SystemRegistered(new SystemName("billing"), "invoices", actions, operator,
                new Cause("onboarding billing", "req-sys-1"), T0));
        PUBLISHER.publish(new SystemChanged(new SystemName("billing"), "invoices", new java.util.TreeMap<>(java.util.Map.of("read", "see invoices")),
                new java.util.TreeSet<>(java.util.List.of("refund")), operator, new Cause("refunds move to payments", "req-sys-2"),
                T0.plusSeconds(60)));

        await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM audit_entry WHERE type IN ('SystemRegistered', 'SystemChanged')", Long.class) == 2);
        JsonNode changed = getJson("/v1/audit/events?type=SystemChanged").get("entries");
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0).get("actor").get("id").asText()).isEqualTo(operator.id());
        assertThat(changed.get(0).get("actor").get("ownerId").asText()).isEqualTo("ops-admin");
        assertThat(changed.get(0).get("cause").get("reason").asText()).isEqualTo("refunds move to payments");
        assertThat(changed.get(0).get("cause").get("correlationId").asText()).isEqualTo("req-sys-2");
        assertThat(changed.get(0).get("payload").get("system").asText()).isEqualTo("billing");
        assertThat(changed.get(0).get("payload").get("retiredActions").get(0).asText()).isEqualTo("refund");
        assertThat(changed.get(0).path("ownerId").isNull() || changed.get(0).path("ownerId").isMissingNode()).isTrue();
        assertThat(getJson("/v1/audit/events?type=SystemRegistered").get("entries").get(0).get("cause").get("reason").asText())
                .isEqualTo("onboarding billing");
    }

    private HttpResponse<String> notOlderThan(String tokenId, String version) throws IOException, InterruptedException {
        return HTTP.send(notOlderThanRequest(tokenId, version), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest notOlderThanRequest(String tokenId, String version) {
        String query = tokenId == null ? "" : "?tokenId=" + tokenId;
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/audit/events" + query))
                .header("Authorization", "Bearer " + AUDITOR).header("X-Not-Older-Than", version).build();
    }

    /** As token-command publishes a token's events: Axon's domain message, with the token as aggregate and its sequence. */
    private static <T extends TokenEvent> EventMessage<T> ofToken(TokenId token, long sequence, T event) {
        return new GenericDomainEventMessage<>("Token", token.value(), sequence, event);
    }

    @Test
    @Order(18)
    void aReadNotOlderThanATokensVersionWaitsUntilTheLogHasRecordedItAndNeverAnswersAnOlderLog() throws Exception {
        TokenId token = TokenId.random();
        String owner = "kim-" + SUFFIX;
        PUBLISHER.publish(ofToken(token, 0, issued(token, owner, T0, T0.plus(Duration.ofDays(1)), "kim1", "billing:read")));
        HttpResponse<String> issued = notOlderThan(token.value(), "0");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        assertThat(issued.headers().firstValue("X-Token-Version")).hasValue("0");
        assertThat(JSON.readTree(issued.body()).get("entries").findValuesAsText("type")).containsExactly("TokenIssued");

        HttpResponse<String> notYet = notOlderThan(token.value(), "1");
        assertThat(notYet.statusCode()).as(notYet.body()).isEqualTo(503);
        assertThat(notYet.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(notYet.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(notYet.body()).get("detail").asText()).contains("version 1 of token " + token.value());

        var revokedRead = HTTP.sendAsync(notOlderThanRequest(token.value(), "1"), HttpResponse.BodyHandlers.ofString());
        PUBLISHER.publish(ofToken(token, 1, revoked(token, owner, T0.plusSeconds(60))));
        HttpResponse<String> revoked = revokedRead.get();
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.headers().firstValue("X-Token-Version")).hasValue("1");
        assertThat(JSON.readTree(revoked.body()).get("entries").findValuesAsText("type"))
                .containsExactly("TokenIssued", "TokenRevoked");
        assertThat(jdbc.queryForList("SELECT token_version FROM audit_entry WHERE token_id = ? ORDER BY seq", Long.class,
                token.value())).containsExactly(0L, 1L);
    }

    @Test
    @Order(19)
    void notOlderThanNeedsATokenIdAndAVersionAndOnlyATokensOwnEventsRecordOne() throws Exception {
        TokenId token = TokenId.random();
        String owner = "lee-" + SUFFIX;
        for (String version : List.of("", "-1", "+1", "abc", "1.0", "1 2", "1e3", "9".repeat(19))) {
            HttpResponse<String> refused = notOlderThan(token.value(), version);
            assertThat(refused.statusCode()).as("version '%s': %s", version, refused.body()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).get("type").asText())
                    .isEqualTo("https://tokensuite.org/problems/invalid-request");
        }
        HttpResponse<String> withoutToken = notOlderThan(null, "0");
        assertThat(withoutToken.statusCode()).as(withoutToken.body()).isEqualTo(400);
        assertThat(JSON.readTree(withoutToken.body()).get("detail").asText()).contains("tokenId");

        // The same token named by an event of another aggregate, and a plain message: neither is a version of it.
        PUBLISHER.publish(new GenericDomainEventMessage<>("UserAccount", owner, 7,
                issued(token, owner, T0, T0.plus(Duration.ofDays(1)), "lee1", "billing:read")));
        PUBLISHER.publish(revoked(token, owner, T0.plusSeconds(1)));
        await().atMost(Duration.ofSeconds(90)).until(() -> entriesOf(owner) == 2);
        assertThat(jdbc.queryForList("SELECT token_version FROM audit_entry WHERE token_id = ?", Long.class, token.value()))
                .containsExactly(null, null);
        assertThat(notOlderThan(token.value(), "0").statusCode()).isEqualTo(503);
    }

    @Test
    @Order(20)
    void theApplicationsDatabaseRoleCannotChangeOrDeleteEntries() {
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_entry SET cause_reason = 'forged' WHERE seq = 1"))
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_entry WHERE seq = 1"))
                .rootCause().hasMessageContaining("permission denied");
        assertThat(jdbc.queryForObject("SELECT cause_reason FROM audit_entry WHERE seq = 1", String.class))
                .isNotEqualTo("forged");
    }

    @Test
    @Order(21)
    void aRowAlteredBehindTheServicesBackIsFoundByVerify() throws Exception {
        long target = jdbc.queryForObject("SELECT min(seq) FROM audit_entry WHERE owner_id = ?", Long.class, BOB);
        try (Connection owner = DriverManager.getConnection(database.url(), database.username(), database.password());
             Statement sql = owner.createStatement()) {
            // Even the owner must first switch off the append-only trigger.
            assertThatThrownBy(() -> sql.executeUpdate("UPDATE audit_entry SET cause_reason = 'x' WHERE seq = " + target))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            sql.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_delete");
            sql.executeUpdate("UPDATE audit_entry SET cause_reason = 'nothing to see' WHERE seq = " + target);
            sql.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_delete");
        }

        JsonNode result = getJson("/v1/audit/verify");

        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenSeq").asLong()).isEqualTo(target);
        assertThat(result.get("entriesChecked").asLong()).isEqualTo(target - 1);
    }
}
