package org.tokensuite.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.tokensuite.query.support.TopicPublisher;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestDatabase;
import org.tokensuite.testsupport.TestKafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tokensuite.query.support.Events.*;

/** Introspection, the nginx variant, inventory and fail-closed behaviour on real Kafka and PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tokens.view.db-check-interval=PT0.5S",
        "tokens.view.db-max-staleness=PT3S",
        "axon.eventhandling.processors.token-view.token-claim-interval=1000"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntrospectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase database;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = SuiteInfrastructure.register(registry, "query_introspection");
        TestKafka.createTopics(4, TopicPublisher.TOPIC);
    }

    @Autowired
    WebTestClient http;

    private final TopicPublisher topic = new TopicPublisher();
    private final String adminOwner = newOwner();
    private final String admin = newSecret();
    private final String introspector = newSecret();
    private final String reader = newSecret();

    @BeforeAll
    void issueServiceTokens() {
        topic.publish(issued(newTokenId(), adminOwner, admin, "tokens:admin"));
        topic.publish(issued(newTokenId(), adminOwner, introspector, "tokens:introspect"));
        topic.publish(issued(newTokenId(), adminOwner, reader, "tokens:read"));
        awaitActive(admin);
        awaitActive(introspector);
        awaitActive(reader);
    }

    @AfterAll
    void closeTopic() {
        topic.close();
    }

    // --- RFC 7662 -----------------------------------------------------------------------------

    @Test
    void activeTokenIntrospectsWithItsClaims() throws Exception {
        String owner = newOwner();
        String id = newTokenId();
        String secret = newSecret();
        Instant expiresAt = Instant.now().plus(Duration.ofHours(2));
        topic.publish(issued(id, owner, secret, null, expiresAt, List.of(), "billing:write", "billing:read"));
        awaitActive(secret);

        EntityExchangeResult<byte[]> result = introspect(introspector, secret, null);
        assertThat(result.getStatus().value()).isEqualTo(200);
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JsonNode json = JSON.readTree(result.getResponseBody());
        assertThat(json.get("active").asBoolean()).isTrue();
        assertThat(json.get("scope").asText()).isEqualTo("billing:read billing:write");
        assertThat(json.get("sub").asText()).isEqualTo(owner);
        assertThat(json.get("jti").asText()).isEqualTo(id);
        assertThat(json.get("exp").asLong()).isEqualTo(expiresAt.getEpochSecond());
        assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(json.has("iat")).isTrue();
        assertThat(json.has("nbf")).isTrue();
    }

    @Test
    void aTokenMayIntrospectItselfWithoutAnyScope() {
        String secret = newSecret();
        topic.publish(issued(newTokenId(), newOwner(), secret, "billing:read"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(isActive(introspect(secret, secret, null))).isTrue());
    }

    @Test
    void introspectingAnotherTokenNeedsTheIntrospectScope() {
        String plain = newSecret();
        topic.publish(issued(newTokenId(), newOwner(), plain, "billing:read"));
        awaitActive(plain);

        EntityExchangeResult<byte[]> result = introspect(plain, admin, null);
        assertProblem(result, 403, "forbidden");
    }

    @Test
    void callsWithoutAnActiveBearerAreUnauthenticated() {
        EntityExchangeResult<byte[]> none = http.post().uri("/v1/introspect")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", admin)).exchange().expectBody().returnResult();
        assertProblem(none, 401, "unauthenticated");
        assertThat(none.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");

        String owner = newOwner();
        String id = newTokenId();
        String revokedCaller = newSecret();
        topic.publish(issued(id, owner, revokedCaller, "tokens:introspect"));
        awaitActive(revokedCaller);
        topic.publish(revoked(id, owner));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertProblem(introspect(revokedCaller, admin, null), 401, "unauthenticated"));
    }

    @Test
    void aMissingTokenParameterIsAnInvalidRequest() {
        EntityExchangeResult<byte[]> result = http.post().uri("/v1/introspect")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + introspector)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("other", "x")).exchange().expectBody().returnResult();
        assertProblem(result, 400, "invalid-request");
    }

    @Test
    void malformedBadChecksumAndUnknownTokensAreExactlyInactive() {
        String real = newSecret();
        String badChecksum = real.substring(0, real.length() - 1) + (real.endsWith("A") ? "B" : "A");
        for (String token : List.of("not-a-token", badChecksum, newSecret())) {
            EntityExchangeResult<byte[]> result = introspect(introspector, token, null);
            assertThat(result.getStatus().value()).isEqualTo(200);
            assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8)).isEqualTo("{\"active\":false}");
        }
    }

    @Test
    void revokedTokenNoLongerVerifies() {
        String owner = newOwner();
        String id = newTokenId();
        String secret = newSecret();
        topic.publish(issued(id, owner, secret, "billing:read"));
        awaitActive(secret);

        topic.publish(revoked(id, owner));
        awaitInactive(secret);
    }

    @Test
    void suspendedTokenVerifiesAgainWhenReinstated() {
        String owner = newOwner();
        String id = newTokenId();
        String secret = newSecret();
        topic.publish(issued(id, owner, secret, "billing:read"));
        awaitActive(secret);

        topic.publish(suspended(id, owner));
        awaitInactive(secret);
        topic.publish(reinstated(id, owner));
        awaitActive(secret);
    }

    @Test
    void expiredTokenNoLongerVerifies() {
        String owner = newOwner();
        String id = newTokenId();
        String secret = newSecret();
        topic.publish(issued(id, owner, secret, "billing:read"));
        awaitActive(secret);

        topic.publish(expired(id, owner));
        awaitInactive(secret);
    }

    @Test
    void tokensOutsideTheirValidityWindowAreInactiveWithoutAnyEventSayingSo() {
        String owner = newOwner();
        String pastId = newTokenId();
        String past = newSecret();
        String future = newSecret();
        String marker = newSecret();
        topic.publish(issued(pastId, owner, past, null, Instant.now().minusSeconds(5), List.of(), "billing:read"));
        topic.publish(issued(newTokenId(), owner, future, Instant.now().plus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(1)), List.of(), "billing:read"));
        topic.publish(issued(newTokenId(), owner, marker, "billing:read"));
        awaitActive(marker); // same owner, same partition: the two before it are in the index now

        assertThat(isActive(introspect(introspector, past, null))).isFalse();
        assertThat(isActive(introspect(introspector, future, null))).isFalse();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                http.get().uri("/v1/tokens/" + pastId).header(HttpHeaders.AUTHORIZATION, "Bearer " + reader)
                        .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                        .get("state").asText()).isEqualTo("expired"));
    }

    @Test
    void rotatedOutSecretVerifiesOnlyDuringTheOverlap() {
        String owner = newOwner();
        String id = newTokenId();
        String first = newSecret();
        String second = newSecret();
        String third = newSecret();
        topic.publish(issued(id, owner, first, "billing:read"));
        topic.publish(rotated(id, owner, first, second, Instant.now().plus(Duration.ofHours(1))));
        awaitActive(second);
        assertThat(isActive(introspect(introspector, first, null))).isTrue();

        topic.publish(rotated(id, owner, second, third, Instant.now().minusSeconds(1)));
        awaitActive(third);
        assertThat(isActive(introspect(introspector, second, null))).isFalse();
        assertThat(isActive(introspect(introspector, first, null))).isFalse();
    }

    @Test
    void offboardingAndLeaveStopEveryTokenOfTheUserAtOnce() {
        String leaver = newOwner();
        String one = newSecret();
        String two = newSecret();
        topic.publish(issued(newTokenId(), leaver, one, "billing:read"));
        topic.publish(issued(newTokenId(), leaver, two, "billing:write"));
        awaitActive(one);
        awaitActive(two);

        topic.publish(leaveStarted(leaver));
        awaitInactive(one);
        awaitInactive(two);
        topic.publish(leaveEnded(leaver));
        awaitActive(one);

        topic.publish(offboarded(leaver));
        awaitInactive(one);
        awaitInactive(two);
    }

    @Test
    void tokenWithAllowedNetworksVerifiesOnlyFromThem() {
        String secret = newSecret();
        topic.publish(issued(newTokenId(), newOwner(), secret, null, Instant.now().plus(Duration.ofDays(1)),
                List.of("10.0.0.0/8"), "billing:read"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(isActive(introspect(introspector, secret, "10.1.2.3, 192.168.0.1"))).isTrue());

        assertThat(isActive(introspect(introspector, secret, "192.168.0.1, 10.1.2.3"))).isFalse();
        assertThat(isActive(introspect(introspector, secret, null))).isFalse(); // the test runs from 127.0.0.1
    }

    // --- nginx auth_request ---------------------------------------------------------------------

    @Test
    void nginxEndpointAnswersWithStatusCodesOnly() {
        String owner = newOwner();
        String id = newTokenId();
        String secret = newSecret();
        topic.publish(issued(id, owner, secret, "billing:read"));
        awaitActive(secret);

        http.get().uri("/v1/introspect/nginx").header(HttpHeaders.AUTHORIZATION, "Bearer " + secret).exchange()
                .expectStatus().isNoContent()
                .expectHeader().valueEquals("X-Token-Id", id)
                .expectHeader().valueEquals("X-Token-Subject", owner)
                .expectHeader().valueEquals("X-Token-Scope", "billing:read");
        http.get().uri("/v1/introspect/nginx?scope=billing:write").header(HttpHeaders.AUTHORIZATION, "Bearer " + secret)
                .exchange().expectStatus().isForbidden();
        http.get().uri("/v1/introspect/nginx").header(HttpHeaders.AUTHORIZATION, "Bearer " + secret)
                .header("X-Introspect-Authorization", "Bearer " + introspector).exchange().expectStatus().isNoContent();
        http.get().uri("/v1/introspect/nginx").header(HttpHeaders.AUTHORIZATION, "Bearer " + secret)
                .header("X-Introspect-Authorization", "Bearer " + reader).exchange().expectStatus().isForbidden();
        http.get().uri("/v1/introspect/nginx").exchange().expectStatus().isUnauthorized();

        topic.publish(revoked(id, owner));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                http.get().uri("/v1/introspect/nginx").header(HttpHeaders.AUTHORIZATION, "Bearer " + secret)
                        .exchange().expectStatus().isUnauthorized());
    }

    // --- inventory ------------------------------------------------------------------------------

    @Test
    void inventoryShowsSummariesButNeverSecretsOrHashes() {
        String owner = newOwner();
        String id = newTokenId();
        String secret = newSecret();
        String other = newSecret();
        topic.publish(issued(id, owner, secret, "billing:read"));
        topic.publish(issued(newTokenId(), owner, other, "reports:*"));
        topic.publish(revoked(id, owner));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode summary = http.get().uri("/v1/tokens/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + reader)
                    .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(summary.get("state").asText()).isEqualTo("revoked");
        });
        String body = http.get().uri("/v1/tokens/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + reader)
                .exchange().expectBody(String.class).returnResult().getResponseBody();
        JsonNode summary = read(body);
        assertThat(summary.get("tokenId").asText()).isEqualTo(id);
        assertThat(summary.get("ownerId").asText()).isEqualTo(owner);
        assertThat(summary.get("hint").asText()).isEqualTo(secret.substring(secret.length() - 4));
        assertThat(summary.get("revokedAt").isNull()).isFalse();
        assertThat(body).doesNotContain(secret).doesNotContain(
                org.tokensuite.api.secret.TokenSecrets.hash(secret).value()).doesNotContainIgnoringCase("hash");

        JsonNode page = read(http.get().uri("/v1/tokens?ownerId=" + owner + "&size=1")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + reader).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("items").size()).isEqualTo(1);
        JsonNode active = read(http.get().uri("/v1/tokens?ownerId=" + owner + "&state=active&scope=reports:daily")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + reader).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(active.get("total").asLong()).isEqualTo(1);
        assertThat(active.get("items").get(0).get("scopes").get(0).asText()).isEqualTo("reports:*");
    }

    @Test
    void inventoryRefusesBadRequestsWithProblemDetails() {
        assertProblem(get("/v1/tokens?state=dormant", reader), 400, "invalid-request");
        assertProblem(get("/v1/tokens?size=0", reader), 400, "invalid-request");
        assertProblem(get("/v1/tokens?scope=NotAScope", reader), 400, "invalid-request");
        assertProblem(get("/v1/tokens/" + newTokenId(), reader), 404, "not-found");
        assertProblem(get("/v1/tokens", null), 401, "unauthenticated");
        assertProblem(get("/v1/tokens", introspector), 403, "forbidden");
        assertProblem(get("/v1/nothing-here", reader), 404, "not-found");
    }

    // --- fail closed ----------------------------------------------------------------------------

    @Test
    void introspectionFailsClosedWhileTheDatabaseIsUnreachable() {
        String secret = newSecret();
        topic.publish(issued(newTokenId(), newOwner(), secret, "billing:read"));
        awaitActive(secret);
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();

        TestDatabase.admin("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS false");
        try {
            TestDatabase.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                    + database.name() + "' AND pid <> pg_backend_pid()");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertProblem(introspect(introspector, secret, null), 503, "unavailable"));
            // From here on, never active: every answer is 503.
            assertProblem(introspect(secret, secret, null), 503, "unavailable");
            http.get().uri("/v1/introspect/nginx").header(HttpHeaders.AUTHORIZATION, "Bearer " + secret).exchange()
                    .expectStatus().isEqualTo(503);
            http.get().uri("/actuator/health").exchange().expectStatus().isEqualTo(503);
        } finally {
            TestDatabase.admin("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS true");
        }
        awaitActive(secret);
    }

    // --- helpers --------------------------------------------------------------------------------

    private EntityExchangeResult<byte[]> introspect(String bearer, String token, String forwardedFor) {
        WebTestClient.RequestBodySpec request = http.post().uri("/v1/introspect")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED);
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return request.body(BodyInserters.fromFormData("token", token)).exchange().expectBody().returnResult();
    }

    private EntityExchangeResult<byte[]> get(String uri, String bearer) {
        WebTestClient.RequestHeadersSpec<?> request = http.get().uri(uri);
        if (bearer != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        return request.exchange().expectBody().returnResult();
    }

    private static boolean isActive(EntityExchangeResult<byte[]> result) {
        assertThat(result.getStatus().value()).isEqualTo(200);
        return read(new String(result.getResponseBody(), StandardCharsets.UTF_8)).get("active").asBoolean();
    }

    private void awaitActive(String secret) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(isActive(introspect(secret, secret, null))).isTrue());
    }

    private void awaitInactive(String secret) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(new String(introspect(admin, secret, null).getResponseBody(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"active\":false}"));
    }

    private static void assertProblem(EntityExchangeResult<byte[]> result, int status, String slug) {
        assertThat(result.getStatus().value()).isEqualTo(status);
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode body = read(new String(result.getResponseBody(), StandardCharsets.UTF_8));
        assertThat(body.get("type").asText()).isEqualTo("https://tokensuite.org/problems/" + slug);
        assertThat(body.get("status").asInt()).isEqualTo(status);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
