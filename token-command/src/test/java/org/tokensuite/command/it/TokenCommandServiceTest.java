package org.tokensuite.command.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.command.CommandApplication;
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

    @BeforeAll
    static void start() throws Exception {
        SuiteInfrastructure.register((name, value) -> properties.put(name, value.get()), "command");
        TestKafka.createTopics(4, "token-events");
        introspection = new FakeIntrospection();
        admin = introspection.caller("tok_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ops-admin", "tokens:admin");
        issuer = introspection.caller("tok_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "ci-bot", "tokens:issue billing:*");
        hr = introspection.caller("tok_cccccccccccccccccccccccccccccccc", "lifecycle-listener", "users:offboard users:suspend");
        properties.put("server.port", "0");
        properties.put("tokens.auth.introspection-url", introspection.uri().toString());
        properties.put("tokens.deadlines.polling-interval", "PT0.1S");
        properties.put("spring.main.banner-mode", "off");
        db = new JdbcTemplate(new DriverManagerDataSource((String) properties.get("spring.datasource.url"),
                (String) properties.get("spring.datasource.username"), (String) properties.get("spring.datasource.password")));
        app = startApp();
    }

    @AfterAll
    static void stop() {
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
    @Order(6)
    void deadlinesFireAfterARestartAndARevokedTokenStaysRefused() throws Exception {
        JsonNode shortLived = JSON.readTree(post("/v1/tokens", admin, issueBody("carol", "[\"billing:read\"]", "\"ttl\":\"PT4S\"")).body());
        String expiring = shortLived.get("tokenId").asText();
        Instant expiresAt = Instant.parse(shortLived.get("expiresAt").asText());
        String revoked = JSON.readTree(post("/v1/tokens", admin, issueBody("carol", "[\"billing:read\"]", "\"ttl\":\"P1D\"")).body()).get("tokenId").asText();
        assertThat(post("/v1/tokens/" + revoked + "/revoke", admin, "{\"reason\":\"leaked\"}").statusCode()).isEqualTo(200);

        app.close();
        assertThat(eventTypesOf(expiring)).doesNotContain("TokenExpired");
        // Let the expiry pass while the service is down; the schedule must survive in the database.
        await().atMost(PATIENCE).until(() -> Instant.now().isAfter(expiresAt));

        app = startApp();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypesOf(expiring)).contains("TokenExpired"));
        assertProblem(put("/v1/tokens/" + revoked + "/scopes", admin, "{\"scopes\":[\"billing:read\"]}"), 409, "conflict", "revoked");
        assertProblem(post("/v1/tokens/" + expiring + "/rotate", admin, "{}"), 409, "conflict", "expired");
        awaitRecord(expiring, "org.tokensuite.api.event.TokenExpired");
    }

    // --- helpers

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
