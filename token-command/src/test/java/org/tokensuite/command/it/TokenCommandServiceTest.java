package org.tokensuite.command.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tokensuite.api.event.EventSamples;
import org.tokensuite.api.event.TokenAnomalyDetected;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.event.TokenUseRefused;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenHash;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.CommandApplication;
import org.tokensuite.platform.event.EventWireFormat;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * token-command as its callers see it, on a real PostgreSQL and a real Kafka broker: HTTP in,
 * events in the store and on {@code token-events} out, and the same database across a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenCommandServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final Map<String, Object> properties = new HashMap<>();
    private static FakeIntrospection introspection;
    private static ConfigurableApplicationContext app;
    private static JdbcTemplate db;
    private static String admin;
    private static String issuer;
    private static String hr;
    private static String investigator;
    private static KafkaProducer<String, byte[]> signals;
    /** Writes token-signals as token-query does: Axon's Kafka format, JSON payload, key = owner id. */
    private static final KafkaMessageConverter<String, byte[]> SIGNAL_FORMAT = DefaultKafkaMessageConverter.builder()
            .serializer(new EventWireFormat().serializer())
            .sequencingPolicy(event -> ((TokenEvent) event.getPayload()).ownerId().value())
            .build();

    @BeforeAll
    static void start() throws Exception {
        SuiteInfrastructure.register((name, value) -> properties.put(name, value.get()), "command");
        TestKafka.createTopics(4, "token-events", "token-signals");
        introspection = new FakeIntrospection();
        admin = introspection.caller("tok_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ops-admin", "tokens:admin");
        issuer = introspection.caller("tok_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "ci-bot", "tokens:issue tokens:delegate billing:*");
        hr = introspection.caller("tok_cccccccccccccccccccccccccccccccc", "lifecycle-listener", "users:offboard users:suspend");
        investigator = introspection.caller("tok_dddddddddddddddddddddddddddddddd", "sec-ops", "tokens:revoke");
        properties.put("server.port", "0");
        properties.put("tokens.resource-server.introspection-urls", introspection.uri().toString());
        properties.put("tokens.deadlines.polling-interval", "PT0.1S");
        // Short enough that a warning falls due within a test.
        properties.put("tokens.policy.expiry-warning", "PT3S");
        properties.put("tokens.policy.known-scopes", CommandService.TEST_SYSTEMS);
        properties.put("spring.main.banner-mode", "off");
        db = new JdbcTemplate(new DriverManagerDataSource((String) properties.get("spring.datasource.url"),
                (String) properties.get("spring.datasource.username"), (String) properties.get("spring.datasource.password")));
        app = startApp();
        signals = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (signals != null) {
            signals.close();
        }
        if (app != null) {
            app.close();
        }
        if (introspection != null) {
            introspection.close();
        }
    }

    private static ConfigurableApplicationContext startApp() {
        // As command-line arguments: they outrank application.yml (default properties would not).
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(CommandApplication.class).run(args);
    }

    /** The contract: the serializer the running service stores and publishes events with writes each shared sample. */
    @Test
    @Order(0)
    void everyEventIsWrittenAsItsSharedSample() throws Exception {
        Serializer events = app.getBean(org.axonframework.config.Configuration.class).eventSerializer();
        for (EventSamples.Sample sample : EventSamples.all()) {
            SerializedObject<byte[]> written = events.serialize(sample.event(), byte[].class);
            assertThat(written.getType().getName()).as(sample.resource()).isEqualTo(sample.type());
            assertThat(written.getType().getRevision()).as(sample.resource()).isEqualTo(sample.revision());
            assertThat(JSON.readTree(written.getData())).as(sample.resource()).isEqualTo(JSON.readTree(sample.payload()));
        }
    }

    @Test
    @Order(1)
    void anIssuedTokensEventArrivesOnTheTopicAsJsonKeyedByItsOwner() throws Exception {
        HttpResponse<String> response = post("/v1/tokens", admin, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"P30D\""));
        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode issued = JSON.readTree(response.body());
        String tokenId = issued.get("tokenId").asText();
        assertThat(TokenSecrets.isWellFormed(issued.get("token").asText())).isTrue();
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));

        ConsumerRecord<String, byte[]> record = awaitRecord(tokenId, "org.tokensuite.api.event.TokenIssued");
        assertThat(record.key()).isEqualTo("alice");
        JsonNode payload = JSON.readTree(record.value());
        assertThat(payload.get("tokenId").asText()).isEqualTo(tokenId);
        assertThat(payload.get("scopes").get(0).asText()).isEqualTo("billing:read");
        assertThat(payload.get("actor").get("id").asText()).isEqualTo("tok_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    }

    @Test
    @Order(2)
    void noPlaintextSecretIsStoredOrPublishedAfterIssuingAndRotating() throws Exception {
        JsonNode issued = JSON.readTree(post("/v1/tokens", issuer, issueBody("bob", "[\"billing:read\"]", "\"ttl\":\"P7D\"")).body());
        String tokenId = issued.get("tokenId").asText();
        String first = issued.get("token").asText();
        // The token rotates itself: its holder presents it.
        introspection.allow(first, tokenId, "bob", "billing:read");
        HttpResponse<String> rotated = post("/v1/tokens/" + tokenId + "/rotate", first, "{\"overlap\":\"PT1M\"}");
        assertThat(rotated.statusCode()).isEqualTo(200);
        JsonNode rotation = JSON.readTree(rotated.body());
        String second = rotation.get("token").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(rotation.get("previousValidUntil").asText()).isNotBlank();

        ConsumerRecord<String, byte[]> rotatedRecord = awaitRecord(tokenId, "org.tokensuite.api.event.TokenRotated");
        List<String> stored = db.query("SELECT payload, metadata FROM domainevententry",
                (rs, row) -> new String(rs.getBytes(1), StandardCharsets.UTF_8) + new String(bytesOrEmpty(rs.getBytes(2)), StandardCharsets.UTF_8));
        String everythingStored = String.join("\n", stored);
        String everythingPublished = String.join("\n", readAll());

        for (String secret : List.of(first, second)) {
            assertThat(everythingStored).doesNotContain(secret);
            assertThat(everythingPublished).doesNotContain(secret);
            assertThat(everythingStored).contains(TokenSecrets.hash(secret).value());
            assertThat(everythingPublished).contains(TokenSecrets.hash(secret).value());
        }
        assertThat(JSON.readTree(rotatedRecord.value()).get("previousSecretHash").asText()).isEqualTo(TokenSecrets.hash(first).value());
    }

    @Test
    @Order(3)
    void badInputGetsAPreciseProblemAndNeverA500() throws Exception {
        String tokenPath = "/v1/tokens";
        assertProblem(post(tokenPath, admin, "{\"ownerId\": \"alice\","), 400, "invalid-request", "well-formed JSON");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"P1D\",\"colour\":\"red\"")), 400, "invalid-request", "unknown field 'colour'");
        assertProblem(post(tokenPath, admin, issueBody("alice", "\"billing:read\"", "\"ttl\":\"P1D\"")), 400, "invalid-request", "scopes");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"thirty days\"")), 400, "invalid-request", "ISO-8601 duration");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"P91D\"")), 400, "invalid-request", "maximum lifetime");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"expiresAt\":\"2001-01-01T00:00:00Z\"")), 400, "invalid-request", "not in the future");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"notBefore\":\"2001-01-01T00:00:00Z\"")), 400, "invalid-request", "needs an expiry");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"payroll:read\"]", "\"ttl\":\"P1D\"")), 400, "invalid-request", "unknown scope(s): payroll:read");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"Billing:Read\"]", "\"ttl\":\"P1D\"")), 400, "invalid-request", "scopes[0]");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"P1D\",\"allowedCidrs\":[\"example.com/8\"]")), 400, "invalid-request", "allowedCidrs[0]");
        assertProblem(post(tokenPath, issuer, issueBody("alice", "[\"deploy:prod\"]", "\"ttl\":\"P1D\"")), 403, "forbidden", "deploy:prod");
        assertProblem(post(tokenPath, hr, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"P1D\"")), 403, "forbidden", "tokens:issue");
        assertProblem(post(tokenPath, null, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"P1D\"")), 401, "unauthenticated", "bearer");
        assertProblem(post(tokenPath, admin, "{\"name\":\"" + "x".repeat(70_000) + "\"}"), 413, "payload-too-large", "exceeds");
        assertProblem(send(HttpRequest.newBuilder(uri(tokenPath)).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello"))), 415, "unsupported-media-type", null);
        assertProblem(send(HttpRequest.newBuilder(uri(tokenPath)).header("Authorization", "Bearer " + admin).DELETE()), 405, "method-not-allowed", null);
        String unknown = "tok_" + UUID.randomUUID().toString().replace("-", "");
        assertProblem(put("/v1/tokens/" + unknown + "/scopes", admin, "{\"scopes\":[\"billing:read\"]}"), 404, "not-found", unknown);
        assertProblem(post("/v1/tokens/not-a-token/revoke", admin, "{}"), 404, "not-found", null);
        assertProblem(post("/v1/tokens/" + unknown + "/rotate", admin, "{\"overlap\":\"soon\"}"), 400, "invalid-request", "overlap");

        // An empty or blank time is refused, never read as "not given" (which would mean the default).
        String tokenId = issue("erin", "\"ttl\":\"P1D\"");
        assertProblem(post("/v1/tokens/" + tokenId + "/rotate", admin, "{\"overlap\":\"\"}"), 400, "invalid-request", "overlap");
        assertProblem(post("/v1/tokens/" + tokenId + "/rotate", admin, "{\"overlap\":\"  \"}"), 400, "invalid-request", "overlap");
        assertThat(eventTypesOf(tokenId)).containsExactly("TokenIssued");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"\"")), 400, "invalid-request", "ttl");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"expiresAt\":\"\"")), 400, "invalid-request", "expiresAt");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"P1D\",\"notBefore\":\" \"")), 400, "invalid-request", "notBefore");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"P1D\",\"rotation\":{\"every\":\"\"}")), 400, "invalid-request", "rotation.every");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"P1D\",\"rotation\":{\"every\":\"P1D\",\"overlap\":\"\"}")), 400, "invalid-request", "rotation.overlap");

        // Times and durations beyond what java.time can add are refused, not a 500.
        String huge = "\"P9999999999999D\"";
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"ttl\":" + huge)), 400, "invalid-request", "maximum lifetime");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"expiresAt\":\"+1000000000-12-31T23:59:59.999999999Z\"")), 400, "invalid-request", "maximum lifetime");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"P1D\",\"notBefore\":\"+1000000000-12-31T23:59:59Z\"")), 400, "invalid-request", "notBefore");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"P1D\",\"rotation\":{\"every\":" + huge + "}")), 400, "invalid-request", "rotation.every");
        assertProblem(post(tokenPath, admin, issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"P1D\",\"rotation\":{\"every\":\"P1D\",\"overlap\":" + huge + "}")), 400, "invalid-request", "rotation.overlap");
        assertProblem(post("/v1/tokens/" + tokenId + "/rotate", admin, "{\"overlap\":" + huge + "}"), 400, "invalid-request", "overlap");
        assertThat(eventTypesOf(tokenId)).containsExactly("TokenIssued");

        // Requests Tomcat refuses before Spring sees them still get a problem, not its HTML page.
        assertProblem(post("/v1/tokens/tok_x%2F..%2F..%2Fusers%2Falice/revoke", admin, "{}"), 400, "invalid-request", null);
        assertProblem(post("/v1/tokens/..%2F..%2Factuator/revoke", admin, "{}"), 400, "invalid-request", null);
        assertProblem(post("/v1/tokens/tok_%00/revoke", admin, "{}"), 400, "invalid-request", null);
        assertProblem(post("/v1/%2e%2e/%2e%2e/actuator/env", admin, "{}"), 400, "invalid-request", null);
        assertProblem(post(tokenPath, "x".repeat(20_000), issueBody("alice", "[\"billing:read\"]", "\"ttl\":\"P1D\"")), 431, "invalid-request", "too large");
    }

    @Test
    @Order(4)
    void offboardingRevokesEveryTokenOfTheUserAndRefusesNewOnes() throws Exception {
        String first = JSON.readTree(post("/v1/tokens", admin, issueBody("emp-7", "[\"billing:read\"]", "\"ttl\":\"P1D\"")).body()).get("tokenId").asText();
        String second = JSON.readTree(post("/v1/tokens", admin, issueBody("emp-7", "[\"reports:view\"]", "\"ttl\":\"P1D\"")).body()).get("tokenId").asText();

        HttpResponse<String> offboarded = post("/v1/users/emp-7/offboard", hr, "{\"reason\":\"left\",\"correlationId\":\"hr:evt-77\"}");
        assertThat(offboarded.statusCode()).isEqualTo(200);
        JsonNode standing = JSON.readTree(offboarded.body());
        assertThat(standing.get("state").asText()).isEqualTo("offboarded");
        assertThat(standing.get("affectedTokens").asInt()).isEqualTo(2);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(first)).contains("TokenRevoked"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(second)).contains("TokenRevoked"));
        assertProblem(post("/v1/tokens", admin, issueBody("emp-7", "[\"billing:read\"]", "\"ttl\":\"P1D\"")), 409, "conflict", "offboarded");
        // Offboarding again (the same HR event redelivered) is not an error.
        assertThat(post("/v1/users/emp-7/offboard", hr, "{\"reason\":\"left\",\"correlationId\":\"hr:evt-77\"}").statusCode()).isEqualTo(200);
        assertProblem(put("/v1/tokens/" + first + "/scopes", admin, "{\"scopes\":[\"billing:read\"]}"), 409, "conflict", "revoked");
    }

    @Test
    @Order(5)
    void aLeaveSuspendsTheUsersTokensAndItsEndReinstatesThem() throws Exception {
        String tokenId = JSON.readTree(post("/v1/tokens", admin, issueBody("emp-8", "[\"billing:read\"]", "\"ttl\":\"P1D\"")).body()).get("tokenId").asText();
        HttpRequest.Builder suspend = HttpRequest.newBuilder(uri("/v1/users/emp-8/suspend")).header("Authorization", "Bearer " + hr)
                .header("X-Correlation-Id", "hr:evt-80").POST(HttpRequest.BodyPublishers.noBody());
        JsonNode onLeave = JSON.readTree(send(suspend).body());
        assertThat(onLeave.get("state").asText()).isEqualTo("on_leave");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(tokenId)).contains("TokenSuspended"));
        assertProblem(post("/v1/tokens", admin, issueBody("emp-8", "[\"billing:read\"]", "\"ttl\":\"P1D\"")), 409, "conflict", "on leave");

        JsonNode back = JSON.readTree(post("/v1/users/emp-8/reinstate", hr, "{\"reason\":\"back\",\"correlationId\":\"hr:evt-81\"}").body());
        assertThat(back.get("state").asText()).isEqualTo("active");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(tokenId)).contains("TokenReinstated"));
    }

    @Test
    @Order(5)
    void aTokenIssuedPastTheOwnersLockIsRevokedOrSuspendedAsItsOwnersStandingSays() throws Exception {
        assertThat(post("/v1/users/emp-past-lock-1/offboard", hr, "{\"reason\":\"left\",\"correlationId\":\"hr:evt-90\"}").statusCode())
                .isEqualTo(200);
        HttpRequest.Builder leave = HttpRequest.newBuilder(uri("/v1/users/emp-past-lock-2/suspend")).header("Authorization", "Bearer " + hr)
                .header("X-Correlation-Id", "hr:evt-91").POST(HttpRequest.BodyPublishers.noBody());
        assertThat(send(leave).statusCode()).isEqualTo(200);
        // As a path that skipped the owner's lock would store them: three issues at once, so that user-policies reads
        // them in one batch. The active owner's comes first: once the later two are acted on, it has been looked at.
        TokenId active = TokenId.random();
        TokenId offboarded = TokenId.random();
        TokenId onLeave = TokenId.random();
        app.getBean(EventStore.class).publish(issuedPastTheLock(active, "emp-past-lock-3"), issuedPastTheLock(offboarded, "emp-past-lock-1"),
                issuedPastTheLock(onLeave, "emp-past-lock-2"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(offboarded.value())).contains("TokenRevoked"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(onLeave.value())).contains("TokenSuspended"));
        assertThat(eventTypesOf(active.value())).containsExactly("TokenIssued");
    }

    private static DomainEventMessage<TokenIssued> issuedPastTheLock(TokenId tokenId, String owner) {
        String hash = (UUID.randomUUID() + "" + UUID.randomUUID()).replace("-", "");
        TokenIssued issued = new TokenIssued(tokenId, new UserId(owner), "past the lock", Set.of(Scope.of("billing:read")),
                new TokenHash(hash), "hint", null, Instant.now().plus(Duration.ofDays(1)), List.of(), null,
                Actor.system("test"), new Cause("test", null), Instant.now());
        return new GenericDomainEventMessage<>("Token", tokenId.value(), 0L, issued);
    }

    @Test
    @Order(6)
    void deadlinesFireAndWaitingSignalsAreActedOnAfterARestartAndARevokedTokenStaysRefused() throws Exception {
        JsonNode shortLived = JSON.readTree(post("/v1/tokens", admin, issueBody("carol", "[\"billing:read\"]", "\"ttl\":\"PT4S\"")).body());
        String expiring = shortLived.get("tokenId").asText();
        Instant expiresAt = Instant.parse(shortLived.get("expiresAt").asText());
        String revoked = JSON.readTree(post("/v1/tokens", admin, issueBody("carol", "[\"billing:read\"]", "\"ttl\":\"P1D\"")).body()).get("tokenId").asText();
        assertThat(post("/v1/tokens/" + revoked + "/revoke", admin, "{\"reason\":\"leaked\"}").statusCode()).isEqualTo(200);

        String flagged = issue("carol", "\"ttl\":\"P1D\"");

        app.close();
        assertThat(eventTypesOf(expiring)).doesNotContain("TokenExpired");
        // A signal arriving while the service is down is acted on when it is back.
        send(anomalySignal(flagged, "carol", "dormant_reuse", true));
        // Let the expiry pass while the service is down; the schedule must survive in the database.
        await().atMost(PATIENCE).until(() -> Instant.now().isAfter(expiresAt));

        app = startApp();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(expiring)).contains("TokenExpired"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(flagged)).contains("TokenSuspended"));
        assertProblem(put("/v1/tokens/" + revoked + "/scopes", admin, "{\"scopes\":[\"billing:read\"]}"), 409, "conflict", "revoked");
        assertProblem(post("/v1/tokens/" + expiring + "/rotate", admin, "{}"), 409, "conflict", "expired");
        awaitRecord(expiring, "org.tokensuite.api.event.TokenExpired");
    }

    @Test
    @Order(7)
    void theOwnerIsWarnedOnTheTopicBeforeTheTokenExpires() throws Exception {
        JsonNode issued = JSON.readTree(post("/v1/tokens", admin, issueBody("dave", "[\"billing:read\"]", "\"ttl\":\"PT6S\"")).body());
        String tokenId = issued.get("tokenId").asText();

        ConsumerRecord<String, byte[]> warning = awaitRecord(tokenId, "org.tokensuite.api.event.TokenExpiryApproaching");
        assertThat(warning.key()).isEqualTo("dave");
        JsonNode payload = JSON.readTree(warning.value());
        assertThat(payload.get("deadline").asText()).isEqualTo("expiry");
        assertThat(Instant.parse(payload.get("dueAt").asText())).isEqualTo(Instant.parse(issued.get("expiresAt").asText()));
        assertThat(payload.get("actor").get("id").asText()).isEqualTo("system:expiry");
    }

    @Test
    @Order(8)
    void anAnomalySignalSuspendsTheTokenOnceAndALeavesEndDoesNotUndoIt() throws Exception {
        String flagged = issue("emp-9", "\"ttl\":\"P1D\"");
        String onlyReported = issue("emp-9", "\"ttl\":\"P1D\"");
        String other = issue("emp-9", "\"ttl\":\"P1D\"");
        // All keyed by emp-9, so one partition: once a later signal is acted on, the earlier ones were read.
        send(anomalySignal(onlyReported, "emp-9", "rate_spike", false));
        send(SIGNAL_FORMAT.createKafkaMessage(GenericEventMessage.asEventMessage(new TokenUseRefused(new TokenId(flagged),
                new UserId("emp-9"), "suspended", "10.1.2.3", 1, Instant.now(), Actor.system("usage"), Cause.of("refused"), Instant.now())),
                "token-signals"));
        ProducerRecord<String, byte[]> signal = anomalySignal(flagged, "emp-9", "new_network", true);
        String messageId = send(signal);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(flagged)).contains("TokenSuspended"));
        JsonNode suspended = JSON.readTree(eventPayloads(flagged, "TokenSuspended").get(0));
        assertThat(suspended.get("actor").get("id").asText()).isEqualTo("system:anomaly-response");
        assertThat(suspended.get("cause").get("reason").asText()).isEqualTo("anomaly: new_network");
        assertThat(suspended.get("cause").get("correlationId").asText()).isEqualTo("anomaly:" + messageId);
        assertThat(eventTypesOf(onlyReported)).containsExactly("TokenIssued");

        // An operator clears it; the same signal redelivered must not suspend it again.
        JsonNode reinstated = JSON.readTree(post("/v1/tokens/" + flagged + "/reinstate", admin, "{\"reason\":\"false positive\"}").body());
        assertThat(reinstated.get("state").asText()).isEqualTo("active");
        send(signal);
        send(anomalySignal(other, "emp-9", "outside_allowed_cidrs", true));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(other)).contains("TokenSuspended"));
        assertThat(eventTypesOf(flagged)).containsExactly("TokenIssued", "TokenSuspended", "TokenReinstated");

        // A leave suspends the active tokens; its end reinstates those, not the one held for the anomaly.
        post("/v1/users/emp-9/suspend", hr, "{\"correlationId\":\"hr:evt-90\"}");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(flagged)).endsWith("TokenSuspended"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(onlyReported)).endsWith("TokenSuspended"));
        JsonNode back = JSON.readTree(post("/v1/users/emp-9/reinstate", hr, "{\"correlationId\":\"hr:evt-91\"}").body());
        assertThat(back.get("affectedTokens").asInt()).isEqualTo(2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(flagged)).endsWith("TokenReinstated"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(onlyReported)).endsWith("TokenReinstated"));
        assertThat(eventTypesOf(other)).containsExactly("TokenIssued", "TokenSuspended");
    }

    @Test
    @Order(9)
    void anOperatorSuspendsAndReinstatesOneToken() throws Exception {
        // The operator's own owner id: within its reach (reach itself is tested in AuthorizationAttacksTest).
        String tokenId = issue("sec-ops", "\"ttl\":\"P1D\"");
        assertProblem(post("/v1/tokens/" + tokenId + "/suspend", issuer, "{}"), 403, "forbidden", "tokens:revoke");
        HttpResponse<String> suspended = post("/v1/tokens/" + tokenId + "/suspend", investigator, "{\"reason\":\"INC-7: odd traffic\"}");
        assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
        assertThat(JSON.readTree(suspended.body()).get("state").asText()).isEqualTo("suspended");
        // Suspending again is not an error and records nothing more.
        assertThat(post("/v1/tokens/" + tokenId + "/suspend", investigator, "{}").statusCode()).isEqualTo(200);
        assertThat(eventTypesOf(tokenId)).containsExactly("TokenIssued", "TokenSuspended");

        // Reinstating gives the token's scopes back: the caller must hold them.
        assertProblem(post("/v1/tokens/" + tokenId + "/reinstate", investigator, "{}"), 403, "forbidden", "every scope");
        assertProblem(post("/v1/tokens/" + tokenId + "/reinstate", admin, "{\"reason\":\"ok\",\"colour\":\"red\"}"), 400, "invalid-request", "colour");
        HttpResponse<String> reinstated = post("/v1/tokens/" + tokenId + "/reinstate", admin, "{\"reason\":\"INC-7 closed\"}");
        assertThat(JSON.readTree(reinstated.body()).get("state").asText()).isEqualTo("active");

        assertThat(post("/v1/tokens/" + tokenId + "/revoke", admin, "{}").statusCode()).isEqualTo(200);
        assertProblem(post("/v1/tokens/" + tokenId + "/reinstate", admin, "{}"), 409, "conflict", "revoked");
        String unknown = "tok_" + UUID.randomUUID().toString().replace("-", "");
        assertProblem(post("/v1/tokens/" + unknown + "/suspend", admin, "{}"), 404, "not-found", unknown);
    }

    @Test
    @Order(10)
    void everyTokenCommandAnswersTheTokensVersionAndItGrowsWithEachChange() throws Exception {
        HttpResponse<String> issued = post("/v1/tokens", admin, issueBody("sec-ops", "[\"billing:read\"]", "\"ttl\":\"P1D\""));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String tokenId = JSON.readTree(issued.body()).get("tokenId").asText();
        String secret = JSON.readTree(issued.body()).get("token").asText();
        introspection.allow(secret, tokenId, "sec-ops", "billing:read");

        List<Long> versions = new ArrayList<>();
        versions.add(version(issued));
        versions.add(version(put("/v1/tokens/" + tokenId + "/scopes", admin, "{\"scopes\":[\"billing:write\"]}")));
        versions.add(version(post("/v1/tokens/" + tokenId + "/rotate", admin, "{}")));
        versions.add(version(post("/v1/tokens/" + tokenId + "/suspend", investigator, "{}")));
        long suspendedAgain = version(post("/v1/tokens/" + tokenId + "/suspend", investigator, "{}"));
        versions.add(version(post("/v1/tokens/" + tokenId + "/reinstate", admin, "{}")));
        versions.add(version(post("/v1/tokens/" + tokenId + "/revoke", admin, "{}")));

        // Each the sequence number of the event the command recorded: the version token-query's view reaches with it.
        assertThat(versions).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(suspendedAgain).as("a command that records nothing answers the version the token has").isEqualTo(3L);
        assertThat(db.queryForObject("SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ?",
                Long.class, tokenId)).isEqualTo(5L);
    }

    @Test
    @Order(11)
    void aTokenWithMoreEventsThanOneReadBatchStillLoadsWhole() throws Exception {
        // Each load reads 100 events at a time and stops at a smaller batch: across 100 and 101 events the next
        // command must still see every event, or its append would take a sequence number already used.
        String tokenId = JSON.readTree(post("/v1/tokens", admin, issueBody("long-lived", "[\"billing:read\"]",
                "\"ttl\":\"P1D\"")).body()).get("tokenId").asText();
        for (long expected = 1; expected <= 101; expected++) {
            assertThat(version(post("/v1/tokens/" + tokenId + "/rotate", admin, "{}"))).isEqualTo(expected);
        }
        assertThat(version(post("/v1/tokens/" + tokenId + "/revoke", admin, "{}"))).isEqualTo(102L);
        assertThat(db.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                Long.class, tokenId)).isEqualTo(103L);
    }

    // --- helpers

    private static long version(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
        return Long.parseLong(answer.headers().firstValue("X-Token-Version").orElseThrow(
                () -> new AssertionError("no X-Token-Version in " + answer.headers().map())));
    }

    private static String issue(String owner, String expiryFields) throws Exception {
        HttpResponse<String> response = post("/v1/tokens", admin, issueBody(owner, "[\"billing:read\"]", expiryFields));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("tokenId").asText();
    }

    private static ProducerRecord<String, byte[]> anomalySignal(String tokenId, String owner, String rule, boolean suspend) {
        TokenAnomalyDetected anomaly = new TokenAnomalyDetected(new TokenId(tokenId), new UserId(owner), rule,
                Map.of("address", "203.0.113.9"), suspend, Actor.system("usage-monitor"), Cause.of("rule " + rule), Instant.now());
        return SIGNAL_FORMAT.createKafkaMessage(GenericEventMessage.asEventMessage(anomaly), "token-signals");
    }

    /** Publishes to token-signals and answers the Axon message id the record carries. */
    private static String send(ProducerRecord<String, byte[]> record) throws Exception {
        signals.send(record).get();
        return new String(record.headers().lastHeader("axon-message-id").value(), StandardCharsets.UTF_8);
    }

    private static List<String> eventPayloads(String tokenId, String simpleType) {
        return db.query("SELECT payload FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype = ? ORDER BY sequencenumber",
                (rs, row) -> new String(rs.getBytes(1), StandardCharsets.UTF_8), tokenId, "org.tokensuite.api.event." + simpleType);
    }

    private static String issueBody(String owner, String scopesJson, String expiryFields) {
        return "{\"ownerId\":\"" + owner + "\",\"name\":\"test token\",\"scopes\":" + scopesJson + "," + expiryFields + "}";
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + path);
    }

    private static HttpResponse<String> post(String path, String bearer, String json) throws Exception {
        return send(withAuth(HttpRequest.newBuilder(uri(path)), bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> put(String path, String bearer, String json) throws Exception {
        return send(withAuth(HttpRequest.newBuilder(uri(path)), bearer).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpRequest.Builder withAuth(HttpRequest.Builder builder, String bearer) {
        return bearer == null ? builder : builder.header("Authorization", "Bearer " + bearer);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug, String detailPart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://tokensuite.org/problems/" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        if (detailPart != null) {
            assertThat(problem.get("detail").asText()).contains(detailPart);
        }
    }

    private static List<String> eventTypesOf(String tokenId) {
        return db.queryForList("SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber",
                String.class, tokenId).stream().map(t -> t.substring(t.lastIndexOf('.') + 1)).toList();
    }

    private static byte[] bytesOrEmpty(byte[] bytes) {
        return bytes == null ? new byte[0] : bytes;
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "token-command-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Every record on token-events so far, value and headers as text. */
    private static List<String> readAll() {
        List<String> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of("token-events"));
            int emptyPolls = 0;
            while (emptyPolls < 3) {
                var records = consumer.poll(Duration.ofSeconds(1));
                if (records.isEmpty() && !consumer.assignment().isEmpty()) {
                    emptyPolls++;
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    StringBuilder text = new StringBuilder(new String(record.value(), StandardCharsets.UTF_8));
                    for (Header header : record.headers()) {
                        text.append('\n').append(header.key()).append('=').append(new String(header.value(), StandardCharsets.UTF_8));
                    }
                    all.add(text.toString());
                }
            }
        }
        return all;
    }

    private static ConsumerRecord<String, byte[]> awaitRecord(String tokenId, String payloadType) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of("token-events"));
            await().atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header type = record.headers().lastHeader("axon-message-type");
                    if (type != null && payloadType.equals(new String(type.value(), StandardCharsets.UTF_8))
                            && new String(record.value(), StandardCharsets.UTF_8).contains(tokenId)) {
                        found.add(record);
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }
}
