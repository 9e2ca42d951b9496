package org.tokensuite.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.ReactiveOpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringReactiveOpaqueTokenIntrospector;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import io.micrometer.core.instrument.MeterRegistry;
import org.tokensuite.api.event.TokenAnomalyDetected;
import org.tokensuite.api.event.TokenUsageSummarized;
import org.tokensuite.api.event.TokenUseRefused;
import org.tokensuite.query.support.SignalReader;
import org.tokensuite.query.support.TopicPublisher;
import org.tokensuite.query.usage.UsageFlush;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestDatabase;
import org.tokensuite.testsupport.TestKafka;
import reactor.netty.http.client.HttpClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Base64;
import java.net.URLEncoder;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.tokensuite.query.support.Events.*;

/**
 * Introspection, the nginx variant, inventory, fail-closed behaviour and usage monitoring (usage,
 * refusals, anomaly rules, scope advice) on real Kafka and PostgreSQL. Usage is flushed by the
 * tests themselves (the scheduled flush is an hour apart here), so each window is known.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tokens.view.db-check-interval=PT0.5S",
        "tokens.view.db-max-staleness=PT3S",
        "axon.eventhandling.processors.token-view.token-claim-interval=1000",
        "tokens.usage.flush-interval=PT1H",
        "tokens.anomaly.rate-spike.floor=20",
        "tokens.anomaly.rate-spike.min-history=PT0S",
        "tokens.anomaly.outside-allowed-cidrs.suspend=true",
        // The tests' own client (127.0.0.1) is a trusted proxy; 127.0.0.2 plays an untrusted client.
        "tokens.http.trusted-proxies=127.0.0.1/32"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntrospectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase database;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = SuiteInfrastructure.register(registry, "query_introspection");
        TestKafka.createTopics(4, TopicPublisher.TOPIC);
        TestKafka.createTopics(4, "token-usage", "token-signals");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    UsageFlush usage;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    private SignalReader signals;

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

    @BeforeAll
    void readSignals() {
        signals = new SignalReader("token-usage", "token-signals");
    }

    @AfterAll
    void closeTopic() {
        topic.close();
        signals.close();
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

    // --- client authentication (RFC 7662 §2.1, RFC 6749 §2.3.1): client_id = the calling token's id ---------------

    @Test
    void aClientAuthenticatesWithBasicCredentialsOfItsTokenIdAndSecret() throws Exception {
        String clientId = newTokenId();
        String clientSecret = newSecret();
        topic.publish(issued(clientId, newOwner(), clientSecret, "tokens:introspect"));
        String owner = newOwner();
        String asked = newSecret();
        topic.publish(issued(newTokenId(), owner, asked, "reports:read"));
        awaitActive(clientSecret);
        awaitActive(asked);

        EntityExchangeResult<byte[]> result = introspectAsClient(basic(clientId, clientSecret), asked, Map.of());

        assertThat(result.getStatus().value()).isEqualTo(200);
        JsonNode json = JSON.readTree(result.getResponseBody());
        assertThat(json.get("active").asBoolean()).isTrue();
        assertThat(json.get("sub").asText()).isEqualTo(owner);
        assertThat(isActive(introspectAsClient(basic(clientId, clientSecret), clientSecret, Map.of())))
                .as("a client may introspect its own token too").isTrue();
    }

    @Test
    void clientCredentialsInTheFormBodyWorkLikeBasic() {
        String clientId = newTokenId();
        String clientSecret = newSecret();
        topic.publish(issued(clientId, newOwner(), clientSecret, "tokens:introspect"));
        awaitActive(clientSecret);

        EntityExchangeResult<byte[]> result = introspectAsClient(null, admin,
                Map.of("client_id", clientId, "client_secret", clientSecret));

        assertThat(isActive(result)).isTrue();
    }

    @Test
    void aClientIdThatIsNotTheSecretsTokenIsRefusedLikeAWrongSecret() {
        String clientId = newTokenId();
        String clientSecret = newSecret();
        topic.publish(issued(clientId, newOwner(), clientSecret, "tokens:introspect"));
        awaitActive(clientSecret);
        String otherId = newTokenId();

        EntityExchangeResult<byte[]> mismatch = introspectAsClient(basic(otherId, clientSecret), admin, Map.of());
        EntityExchangeResult<byte[]> wrongSecret = introspectAsClient(basic(clientId, newSecret()), admin, Map.of());
        EntityExchangeResult<byte[]> inForm = introspectAsClient(null, admin,
                Map.of("client_id", otherId, "client_secret", clientSecret));

        for (EntityExchangeResult<byte[]> refused : List.of(mismatch, wrongSecret, inForm)) {
            assertProblem(refused, 401, "unauthenticated");
            assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                    .startsWith("Bearer").contains("Basic realm=\"introspection\"");
            assertThat(new String(refused.getResponseBody(), StandardCharsets.UTF_8))
                    .contains("the client credentials are not valid")
                    .doesNotContain(clientSecret).doesNotContain("\"active\"");
        }
    }

    @Test
    void aRevokedClientIsRefused() {
        String owner = newOwner();
        String clientId = newTokenId();
        String clientSecret = newSecret();
        topic.publish(issued(clientId, owner, clientSecret, "tokens:introspect"));
        awaitActive(clientSecret);
        topic.publish(revoked(clientId, owner));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertProblem(introspectAsClient(basic(clientId, clientSecret), admin, Map.of()), 401, "unauthenticated"));
    }

    @Test
    void aClientWithoutTheIntrospectScopeMayNotAskAboutAnotherToken() {
        String clientId = newTokenId();
        String clientSecret = newSecret();
        topic.publish(issued(clientId, newOwner(), clientSecret, "reports:read"));
        awaitActive(clientSecret);

        assertProblem(introspectAsClient(basic(clientId, clientSecret), admin, Map.of()), 403, "forbidden");
    }

    @Test
    void malformedOrDoubledClientCredentialsAreRefused() {
        String clientId = newTokenId();
        String clientSecret = newSecret();
        topic.publish(issued(clientId, newOwner(), clientSecret, "tokens:introspect"));
        awaitActive(clientSecret);

        assertProblem(introspectAsClient("Basic not-base64!", admin, Map.of()), 401, "unauthenticated");
        assertProblem(introspectAsClient("Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
                admin, Map.of()), 401, "unauthenticated");
        assertProblem(introspectAsClient(null, admin, Map.of("client_id", clientId)), 401, "unauthenticated");
        assertProblem(introspectAsClient(basic(clientId, clientSecret), admin,
                Map.of("client_id", clientId, "client_secret", clientSecret)), 400, "invalid-request");
    }

    @Test
    void springSecuritysOwnIntrospectorsWorkWithTheirStandardClientSettings() {
        String clientId = newTokenId();
        String clientSecret = newSecret();
        topic.publish(issued(clientId, newOwner(), clientSecret, "tokens:introspect"));
        String owner = newOwner();
        String askedId = newTokenId();
        String asked = newSecret();
        topic.publish(issued(askedId, owner, asked, "reports:read"));
        awaitActive(clientSecret);
        awaitActive(asked);
        String uri = "http://127.0.0.1:" + port + "/v1/introspect";
        // As spring.security.oauth2.resourceserver.opaquetoken.{introspection-uri,client-id,client-secret} build them.
        OpaqueTokenIntrospector servlet = SpringOpaqueTokenIntrospector.withIntrospectionUri(uri)
                .clientId(clientId).clientSecret(clientSecret).build();
        ReactiveOpaqueTokenIntrospector reactive = SpringReactiveOpaqueTokenIntrospector.withIntrospectionUri(uri)
                .clientId(clientId).clientSecret(clientSecret).build();

        OAuth2AuthenticatedPrincipal principal = servlet.introspect(asked);
        assertThat((Object) principal.getAttribute("sub")).isEqualTo(owner);
        assertThat(principal.getAuthorities()).extracting(Object::toString).contains("SCOPE_reports:read");
        assertThat((Object) reactive.introspect(asked).block().getAttribute("sub")).isEqualTo(owner);

        topic.publish(revoked(askedId, owner));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThatThrownBy(() -> servlet.introspect(asked)).isInstanceOf(BadOpaqueTokenException.class);
            assertThatThrownBy(() -> reactive.introspect(asked).block()).isInstanceOf(BadOpaqueTokenException.class);
        });
    }

    private static String basic(String clientId, String clientSecret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private EntityExchangeResult<byte[]> introspectAsClient(String authorization, String token, Map<String, String> extra) {
        WebTestClient.RequestBodySpec request = http.post().uri("/v1/introspect")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        BodyInserters.FormInserter<String> form = BodyInserters.fromFormData("token", token);
        extra.forEach(form::with);
        return request.body(form).exchange().expectBody().returnResult();
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
                assertThat(isActive(introspect(introspector, secret, "10.1.2.3"))).isTrue());

        assertThat(isActive(introspect(introspector, secret, "192.168.0.1"))).isFalse();
        assertThat(isActive(introspect(introspector, secret, null))).isFalse(); // the test runs from 127.0.0.1
    }

    // --- client addresses: client_address from the resource server; forwarding headers only from trusted proxies ---

    @Test
    void theClientAddressParameterIsWhereTheIntrospectedTokenIsJudgedButNotTheCallersOwnCredential() {
        String owner = newOwner();
        String boundId = newTokenId();
        String bound = newSecret();
        String boundIntrospector = newSecret();
        Instant expires = Instant.now().plus(Duration.ofDays(1));
        topic.publish(issued(boundId, owner, bound, null, expires, List.of("10.0.0.0/8"), "billing:read"));
        topic.publish(issued(newTokenId(), owner, boundIntrospector, null, expires, List.of("10.0.0.0/8"), "tokens:introspect"));
        awaitActiveFrom(bound, "10.1.2.3");
        awaitActiveFrom(boundIntrospector, "10.1.2.3");

        assertThat(isActive(introspect(introspector, bound, "2001:db8::1"))).isFalse();
        assertThat(isActive(introspect(bound, bound, "10.200.0.1"))).isTrue(); // self-introspection by a resource server
        // A service's own credential counts from its connection (127.0.0.1), whatever client_address says.
        assertProblem(introspect(boundIntrospector, admin, "10.1.2.3"), 401, "unauthenticated");
    }

    @Test
    void aClientAddressThatIsNoIpAddressIsAnInvalidRequestAndRecordsNothing() {
        String owner = newOwner();
        String id = newTokenId();
        String secret = newSecret();
        topic.publish(issued(id, owner, secret, "billing:read"));
        awaitActive(secret);
        usage.flush();

        for (String garbage : List.of("not-an-ip", "10.1.2.3, 10.1.2.4", "", "localhost", "10.1.2.3:80", "10.1.2.300",
                "fe80::1%eth0", "10.1.2.3\u0000", " 10.1.2.3")) {
            EntityExchangeResult<byte[]> result = introspect(introspector, secret, garbage);
            assertThat(result.getStatus().value()).as(garbage).isEqualTo(400);
            assertProblem(result, 400, "invalid-request");
            assertThat(read(new String(result.getResponseBody(), StandardCharsets.UTF_8)).get("detail").asText())
                    .as(garbage).contains("client_address");
        }
        assertThat(isActive(introspect(introspector, secret, "192.0.2.9"))).isTrue();
        usage.flush();
        // The refused requests were never judged: the window holds the one good use and nothing else.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(signals.usage(id))
                .filteredOn(summary -> "192.0.2.9".equals(summary.lastSourceAddress()))
                .singleElement().satisfies(summary -> assertThat(summary.uses()).isEqualTo(1)));
    }

    @Test
    void forwardingHeadersFromAnUntrustedPeerCountForNothing() {
        String spoof = "10.99.88.77";
        String owner = newOwner();
        String readerId = newTokenId();
        String boundReader = newSecret();
        String boundId = newTokenId();
        String bound = newSecret();
        Instant expires = Instant.now().plus(Duration.ofDays(1));
        topic.publish(issued(readerId, owner, boundReader, null, expires, List.of("10.0.0.0/8"), "tokens:read"));
        topic.publish(issued(boundId, owner, bound, null, expires, List.of("10.0.0.0/8"), "billing:read"));
        awaitActiveFrom(boundReader, "10.1.2.3");
        awaitActiveFrom(bound, "10.1.2.3");
        usage.flush();

        WebTestClient untrusted = fromUntrustedPeer();
        for (String[] header : List.of(new String[] {"X-Forwarded-For", spoof}, new String[] {"Forwarded", "for=" + spoof},
                new String[] {"Forwarded", "for=\"" + spoof + "\";proto=https"})) {
            assertProblem(untrusted.get().uri("/v1/tokens?ownerId=" + owner).header(header[0], header[1])
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + boundReader).exchange().expectBody().returnResult(),
                    401, "unauthenticated");
            untrusted.get().uri("/v1/introspect/nginx").header(header[0], header[1])
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + bound).exchange().expectStatus().isUnauthorized();
            assertThat(isActive(untrusted.post().uri("/v1/introspect").header(header[0], header[1])
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + introspector)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(BodyInserters.fromFormData("token", bound)).exchange().expectBody().returnResult())).isFalse();
        }
        usage.flush();

        // The refusals name the peer the requests really came from; the header's address is recorded nowhere.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(signals.refusals(boundId)).singleElement()
                    .satisfies(r -> assertThat(r.sourceAddress()).isEqualTo("127.0.0.2"));
            assertThat(signals.refusals(readerId)).singleElement()
                    .satisfies(r -> assertThat(r.sourceAddress()).isEqualTo("127.0.0.2"));
        });
        assertThat(signals.all()).noneMatch(r -> r.event().toString().contains(spoof));
        assertThat(details(boundId).get("usesLast24h").asLong()).isEqualTo(1); // only the use from 10.1.2.3
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedAddressIsTheClient() {
        String owner = newOwner();
        String boundReader = newSecret();
        String bound = newSecret();
        Instant expires = Instant.now().plus(Duration.ofDays(1));
        topic.publish(issued(newTokenId(), owner, boundReader, null, expires, List.of("10.0.0.0/8"), "tokens:read"));
        topic.publish(issued(newTokenId(), owner, bound, null, expires, List.of("10.0.0.0/8"), "billing:read"));
        awaitActiveFrom(boundReader, "10.1.2.3");
        awaitActiveFrom(bound, "10.1.2.3");

        // The client may write anything on the left; the proxy (127.0.0.1) appends who connected to it.
        for (String[] allowed : List.of(new String[] {"X-Forwarded-For", "192.0.2.44, 10.9.9.9"},
                new String[] {"X-Forwarded-For", "192.0.2.44, 10.9.9.9, 127.0.0.1"},
                new String[] {"Forwarded", "for=192.0.2.44, for=10.9.9.9"},
                new String[] {"Forwarded", "for=\"[2001:db8::7]:443\", for=\"10.9.9.9:5000\""})) {
            http.get().uri("/v1/tokens?ownerId=" + owner).header(allowed[0], allowed[1])
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + boundReader).exchange().expectStatus().isOk();
            http.get().uri("/v1/introspect/nginx").header(allowed[0], allowed[1])
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + bound).exchange().expectStatus().isNoContent();
        }
        for (String[] refused : List.of(new String[] {"X-Forwarded-For", "10.9.9.9, 192.0.2.44"},
                new String[] {"X-Forwarded-For", "10.9.9.9, 192.0.2.44, 127.0.0.1"},
                new String[] {"Forwarded", "for=10.9.9.9, for=192.0.2.44"},
                new String[] {"X-Forwarded-For", "10.9.9.9, not-an-address"})) {
            assertProblem(http.get().uri("/v1/tokens?ownerId=" + owner).header(refused[0], refused[1])
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + boundReader).exchange().expectBody().returnResult(),
                    401, "unauthenticated");
            http.get().uri("/v1/introspect/nginx").header(refused[0], refused[1])
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + bound).exchange().expectStatus().isUnauthorized();
        }
    }

    // --- superseded secrets (the previous secret of a rotation, inside its overlap) ---------------

    @Test
    void aSupersededSecretIsActiveAndSaysSoButTheCurrentOneDoesNot() throws Exception {
        String owner = newOwner();
        String id = newTokenId();
        String first = newSecret();
        String second = newSecret();
        topic.publish(issued(id, owner, first, "billing:read"));
        topic.publish(rotated(id, owner, first, second, Instant.now().plus(Duration.ofHours(1))));
        awaitActive(second);

        JsonNode previous = JSON.readTree(introspect(introspector, first, null).getResponseBody());
        assertThat(previous.get("active").asBoolean()).isTrue();
        assertThat(previous.get("jti").asText()).isEqualTo(id);
        assertThat(previous.get("superseded").asBoolean()).isTrue();
        assertThat(JSON.readTree(introspect(first, first, null).getResponseBody()).get("superseded").asBoolean()).isTrue();
        JsonNode current = JSON.readTree(introspect(introspector, second, null).getResponseBody());
        assertThat(current.get("active").asBoolean()).isTrue();
        assertThat(current.has("superseded")).isFalse();

        http.get().uri("/v1/introspect/nginx").header(HttpHeaders.AUTHORIZATION, "Bearer " + first).exchange()
                .expectStatus().isNoContent().expectHeader().valueEquals("X-Token-Superseded", "true");
        http.get().uri("/v1/introspect/nginx").header(HttpHeaders.AUTHORIZATION, "Bearer " + second).exchange()
                .expectStatus().isNoContent().expectHeader().doesNotExist("X-Token-Superseded");
        http.post().uri("/v1/introspect/nginx").header(HttpHeaders.AUTHORIZATION, "Bearer " + first).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void aSupersededBearerMayReadButChangesNothing() {
        String owner = newOwner();
        String adminId = newTokenId();
        String oldAdmin = newSecret();
        String newAdmin = newSecret();
        String victimId = newTokenId();
        topic.publish(issued(adminId, owner, oldAdmin, "tokens:admin"));
        topic.publish(issued(victimId, owner, newSecret(), "billing:read"));
        topic.publish(rotated(adminId, owner, oldAdmin, newAdmin, Instant.now().plus(Duration.ofHours(1))));
        awaitActive(newAdmin);
        details(victimId);

        // Reads (and introspection, which changes nothing) are allowed with the superseded secret.
        http.get().uri("/v1/tokens?ownerId=" + owner).header(HttpHeaders.AUTHORIZATION, "Bearer " + oldAdmin).exchange()
                .expectStatus().isOk();
        http.get().uri("/v1/admin/replay").header(HttpHeaders.AUTHORIZATION, "Bearer " + oldAdmin).exchange()
                .expectStatus().isOk();
        assertThat(isActive(introspect(oldAdmin, admin, null))).isTrue();

        // A replay would rebuild this row from the topic: if it stays tampered, no replay ran.
        jdbc.update("UPDATE tokens SET name = 'tampered' WHERE token_id = ?", victimId);
        EntityExchangeResult<byte[]> refused = http.post().uri("/v1/admin/replay")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + oldAdmin).exchange().expectBody().returnResult();
        assertProblem(refused, 401, "unauthenticated");
        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                .isEqualTo("Bearer error=\"invalid_token\", error_description=\"the secret was superseded by a rotation\"");
        assertThat(read(new String(refused.getResponseBody(), StandardCharsets.UTF_8)).get("detail").asText())
                .contains("superseded");

        // An event after the refusal, on the same partition: once the view has it, a replay would have redone the row.
        String markerId = newTokenId();
        topic.publish(issued(markerId, owner, newSecret(), "billing:read"));
        details(markerId);
        assertThat(jdbc.queryForObject("SELECT name FROM tokens WHERE token_id = ?", String.class, victimId))
                .isEqualTo("tampered");
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

    // --- malformed requests: the client's mistake is a 4xx problem, never 503 ("auth unavailable") ---

    @Test
    void aFormBodyWithABadPercentEscapeIsAnInvalidRequest() {
        EntityExchangeResult<byte[]> result = http.post().uri("/v1/introspect")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + introspector)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("token=%zz" + admin.substring(3)).exchange().expectBody().returnResult();
        assertProblem(result, 400, "invalid-request");
        assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8)).doesNotContain(admin.substring(3));
    }

    @Test
    void anUnparsableContentTypeOrCharsetIsAnInvalidRequest() throws IOException {
        for (String contentType : List.of("not a media type", "application/x-www-form-urlencoded; charset=no-such-charset")) {
            String body = "token=" + admin;
            RawResponse response = raw("POST /v1/introspect HTTP/1.1", "Authorization: Bearer " + introspector,
                    "Content-Type: " + contentType, "Content-Length: " + body.length(), "", body);
            assertThat(response.status()).as(contentType).isEqualTo(400);
            assertThat(response.head()).as(contentType).containsIgnoringCase("content-type: application/problem+json");
            assertThat(read(response.body()).get("type").asText()).as(contentType)
                    .isEqualTo("https://tokensuite.org/problems/invalid-request");
        }
    }

    @Test
    void aFormBodyOverTheLimitIsPayloadTooLarge() {
        EntityExchangeResult<byte[]> result = http.post().uri("/v1/introspect")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + introspector)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("token=" + "a".repeat(300 * 1024)).exchange().expectBody().returnResult();
        assertProblem(result, 413, "payload-too-large");
    }

    @Test
    void malformedRequestTargetsAreInvalidRequestsOnEveryEndpoint() throws IOException {
        for (String target : List.of("/v1/tokens?ownerId=%zz", "/v1/tokens?ownerId=%FF", "/v1/tokens/%zz",
                "/v1/tokens/%zz/scope-advice?days=%", "/v1/introspect/nginx?scope=%zz", "/v1/introspect?x=%g0")) {
            RawResponse response = raw("GET " + target + " HTTP/1.1", "Authorization: Bearer " + reader);
            assertThat(response.status()).as(target).isEqualTo(400);
            assertThat(response.head()).as(target).containsIgnoringCase("content-type: application/problem+json");
            assertThat(read(response.body()).get("type").asText()).as(target)
                    .isEqualTo("https://tokensuite.org/problems/invalid-request");
        }
    }

    @Test
    void anOversizedHeaderIsRefusedWithAProblemThatEchoesNothing() throws IOException {
        String hugeBearer = "A".repeat(20 * 1024);
        RawResponse response = raw("POST /v1/introspect HTTP/1.1", "Authorization: Bearer " + hugeBearer,
                "Content-Type: application/x-www-form-urlencoded", "Content-Length: 7", "", "token=x");
        assertThat(response.status()).isEqualTo(431);
        assertThat(response.head()).containsIgnoringCase("content-type: application/problem+json");
        JsonNode body = read(response.body());
        assertThat(body.get("type").asText()).isEqualTo("https://tokensuite.org/problems/invalid-request");
        assertThat(body.get("status").asInt()).isEqualTo(431);
        assertThat(response.body()).doesNotContain("AAAA");
        // the refusal is per connection: the service goes on answering
        awaitActive(reader);
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


    // --- usage monitoring ---------------------------------------------------------------------

    @Test
    void usesAreCountedShownInTheInventoryAndSummarisedOnTheUsageTopic() {
        String owner = newOwner();
        String id = newTokenId();
        String secret = newSecret();
        topic.publish(issued(id, owner, secret, "billing:read"));
        awaitActive(secret);
        usage.flush();
        long before = details(id).get("usesLast24h").asLong();

        for (int i = 0; i < 3; i++) {
            assertThat(isActive(introspect(introspector, secret, "198.51.100.7", "billing:read"))).isTrue();
        }
        usage.flush();

        JsonNode details = details(id);
        assertThat(details.get("usesLast24h").asLong()).isEqualTo(before + 3);
        assertThat(Instant.parse(details.get("lastUsedAt").asText())).isAfter(Instant.now().minusSeconds(120));
        assertThat(details.get("tokenId").asText()).isEqualTo(id); // the summary's fields stay at the top level
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(signals.usage(id))
                .anySatisfy(summary -> {
                    assertThat(summary.uses()).isEqualTo(3);
                    assertThat(summary.lastSourceAddress()).isEqualTo("198.51.100.7");
                    assertThat(summary.scopesChecked()).containsExactly("billing:read");
                    assertThat(summary.actor().id()).isEqualTo("system:token-query");
                }));
        assertThat(signals.all()).filteredOn(r -> r.event() instanceof TokenUsageSummarized s && s.tokenId().value().equals(id))
                .allSatisfy(r -> assertThat(r.key()).isEqualTo(owner));
    }

    @Test
    void unknownAndMalformedTokensAreOnlyCounted() {
        double before = unrecognized("unknown") + unrecognized("malformed");
        introspect(introspector, newSecret(), null);
        introspect(introspector, "not-a-token", null);
        assertThat(unrecognized("unknown") + unrecognized("malformed")).isEqualTo(before + 2);
    }

    @Test
    void aRevokedTokenInUseIsOneRateLimitedSignalWithItsAttemptsCounted() {
        String owner = newOwner();
        String id = newTokenId();
        String secret = newSecret();
        String markerId = newTokenId();
        String marker = newSecret();
        topic.publish(issued(id, owner, secret, "billing:read"));
        topic.publish(issued(markerId, owner, marker, "billing:read"));
        awaitActive(secret);
        topic.publish(revoked(id, owner));
        awaitInactive(secret);

        for (int i = 0; i < 20; i++) {
            assertThat(isActive(introspect(introspector, secret, "203.0.113.9"))).isFalse();
        }
        usage.flush();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(signals.refusals(id)).hasSize(1));
        TokenUseRefused refused = signals.refusals(id).get(0);
        assertThat(refused.reason()).isEqualTo("revoked");
        assertThat(refused.sourceAddress()).isEqualTo("203.0.113.9");
        assertThat(refused.attempts()).isGreaterThanOrEqualTo(20);
        assertThat(refused.ownerId().value()).isEqualTo(owner);

        // A second burst within the interval is folded into the next signal, not published now.
        for (int i = 0; i < 20; i++) {
            introspect(introspector, secret, "203.0.113.9");
        }
        topic.publish(suspended(markerId, owner));
        awaitInactive(marker);
        usage.flush();
        // The marker's signal has the same key, so it is behind anything published for the revoked token.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(signals.refusals(markerId)).hasSize(1));
        assertThat(signals.refusals(markerId).get(0).reason()).isEqualTo("suspended");
        assertThat(signals.refusals(id)).hasSize(1);
    }

    @Test
    void firstUseFromANewNetworkIsAnAnomalyButTheFirstUseEverAndTheSameNetworkAreNot() {
        String owner = newOwner();
        String sameNetId = newTokenId();
        String sameNet = newSecret();
        String movingId = newTokenId();
        String moving = newSecret();
        topic.publish(issued(sameNetId, owner, sameNet, "billing:read"));
        topic.publish(issued(movingId, owner, moving, "billing:read"));
        awaitActiveFrom(sameNet, "192.0.2.5");
        assertThat(isActive(introspect(introspector, sameNet, "192.0.2.77"))).isTrue();
        awaitActiveFrom(moving, "192.0.2.5");

        assertThat(isActive(introspect(introspector, moving, "198.51.100.20"))).isTrue();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(signals.anomalies(movingId, "new_network")).hasSize(1));
        TokenAnomalyDetected anomaly = signals.anomalies(movingId, "new_network").get(0);
        assertThat(anomaly.evidence()).containsEntry("network", "198.51.100.0/24")
                .containsEntry("sourceAddress", "198.51.100.20").containsEntry("knownNetworks", "192.0.2.0/24");
        assertThat(anomaly.suspendRequested()).isFalse();
        // Same owner, same partition, examined in order: nothing came for the token that stayed in its network.
        assertThat(signals.anomalies(sameNetId, "new_network")).isEmpty();
    }

    @Test
    void aRateFarAboveTheTokensOwnBaselineIsAnAnomalyAndAModestOneIsNot() {
        String owner = newOwner();
        String calmId = newTokenId();
        String calm = newSecret();
        String spikyId = newTokenId();
        String spiky = newSecret();
        topic.publish(issued(calmId, owner, calm, "billing:read"));
        topic.publish(issued(spikyId, owner, spiky, "billing:read"));
        awaitActive(calm);
        awaitActive(spiky);
        usage.flush();
        for (int i = 0; i < 5; i++) {
            introspect(introspector, calm, "192.0.2.5");
        }
        usage.flush();
        for (int i = 0; i < 25; i++) {
            introspect(introspector, spiky, "192.0.2.5");
        }
        usage.flush();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(signals.anomalies(spikyId, "rate_spike")).hasSize(1));
        assertThat(signals.anomalies(spikyId, "rate_spike").get(0).evidence())
                .containsKeys("observedPerMinute", "baselinePerMinute");
        assertThat(signals.anomalies(calmId, "rate_spike")).isEmpty();
    }

    @Test
    void useOfATokenIdleForThirtyDaysIsAnAnomalyButUseOfAFreshOneIsNot() {
        String owner = newOwner();
        String freshId = newTokenId();
        String fresh = newSecret();
        String dormantId = newTokenId();
        String dormant = newSecret();
        topic.publish(issued(freshId, owner, fresh, "billing:read"));
        topic.publish(at(issued(dormantId, owner, dormant, "billing:read"), Instant.now().minus(Duration.ofDays(31))));
        awaitActive(fresh);
        awaitActive(dormant);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(signals.anomalies(dormantId, "dormant_reuse")).hasSize(1));
        assertThat(signals.anomalies(dormantId, "dormant_reuse").get(0).evidence()).containsKey("neverUsedSinceIssuedAt");
        assertThat(signals.anomalies(freshId, "dormant_reuse")).isEmpty();
    }

    @Test
    void useOutsideTheAllowedNetworksIsARefusalAndAnAnomalyThatAsksForSuspension() {
        String owner = newOwner();
        String insideId = newTokenId();
        String inside = newSecret();
        String outsideId = newTokenId();
        String outside = newSecret();
        Instant expires = Instant.now().plus(Duration.ofDays(1));
        topic.publish(issued(insideId, owner, inside, null, expires, List.of("10.0.0.0/8"), "billing:read"));
        topic.publish(issued(outsideId, owner, outside, null, expires, List.of("10.0.0.0/8"), "billing:read"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(isActive(introspect(introspector, inside, "10.1.2.3"))).isTrue();
            assertThat(isActive(introspect(introspector, outside, "10.1.2.3"))).isTrue();
        });
        usage.flush();

        assertThat(isActive(introspect(introspector, outside, "192.168.7.7"))).isFalse();
        usage.flush();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(signals.anomalies(outsideId, "outside_allowed_cidrs")).hasSize(1));
        TokenAnomalyDetected anomaly = signals.anomalies(outsideId, "outside_allowed_cidrs").get(0);
        assertThat(anomaly.suspendRequested()).isTrue();
        assertThat(anomaly.evidence()).containsEntry("sourceAddress", "192.168.7.7").containsEntry("allowedCidrs", "10.0.0.0/8");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(signals.refusals(outsideId))
                .singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("outside_allowed_cidrs")));
        assertThat(signals.anomalies(insideId, "outside_allowed_cidrs")).isEmpty();
    }

    @Test
    void scopeAdviceListsHeldScopesNoCallerChecked() {
        String id = newTokenId();
        String secret = newSecret();
        topic.publish(issued(id, newOwner(), secret, "billing:read", "billing:write", "reports:*"));
        awaitActive(secret);

        introspect(introspector, secret, null, "billing:read");
        introspect(introspector, secret, null, "reports:export billing:read");
        usage.flush();

        JsonNode advice = await().atMost(Duration.ofSeconds(60)).until(() -> { // the view (not the index) names the held scopes
            EntityExchangeResult<byte[]> result = get("/v1/tokens/" + id + "/scope-advice?days=30", reader);
            return result.getStatus().value() == 200 ? read(new String(result.getResponseBody(), StandardCharsets.UTF_8)) : null;
        }, java.util.Objects::nonNull);
        assertThat(advice.get("tokenId").asText()).isEqualTo(id);
        assertThat(advice.get("days").asInt()).isEqualTo(30);
        assertThat(advice.get("unusedScopes").toString()).isEqualTo("[\"billing:write\"]");
        assertThat(advice.get("usedScopes").findValuesAsText("scope")).containsExactly("billing:read", "reports:*");
        assertThat(advice.get("basis").asText()).isNotBlank();
        assertProblem(get("/v1/tokens/" + id + "/scope-advice?days=0", reader), 400, "invalid-request");
        assertProblem(get("/v1/tokens/" + id + "/scope-advice", introspector), 403, "forbidden");
    }

    private JsonNode details(String id) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> { // the view may trail the index
            EntityExchangeResult<byte[]> result = get("/v1/tokens/" + id, reader);
            return result.getStatus().value() == 200 ? read(new String(result.getResponseBody(), StandardCharsets.UTF_8)) : null;
        }, java.util.Objects::nonNull);
    }

    private double unrecognized(String reason) {
        return meters.get("tokens.introspection.unrecognized").tag("reason", reason).counter().count();
    }

    private void awaitActiveFrom(String secret, String clientAddress) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(isActive(introspect(introspector, secret, clientAddress))).isTrue());
    }

    /** A client connecting from 127.0.0.2, which is no trusted proxy here. */
    private WebTestClient fromUntrustedPeer() {
        HttpClient client = HttpClient.create().bindAddress(() -> new InetSocketAddress("127.0.0.2", 0));
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(client)).baseUrl("http://127.0.0.1:" + port)
                .build();
    }

    // --- helpers --------------------------------------------------------------------------------

    /** @param clientAddress where the (pretend) resource server saw the token presented: the form's client_address */
    private EntityExchangeResult<byte[]> introspect(String bearer, String token, String clientAddress) {
        return introspect(bearer, token, clientAddress, null);
    }

    private EntityExchangeResult<byte[]> introspect(String bearer, String token, String clientAddress, String scope) {
        WebTestClient.RequestBodySpec request = http.post().uri("/v1/introspect")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED);
        BodyInserters.FormInserter<String> form = BodyInserters.fromFormData("token", token);
        if (clientAddress != null) {
            form.with("client_address", clientAddress);
        }
        if (scope != null) {
            form.with("scope", scope);
        }
        return request.body(form).exchange().expectBody().returnResult();
    }

    private EntityExchangeResult<byte[]> get(String uri, String bearer) {
        WebTestClient.RequestHeadersSpec<?> request = http.get().uri(uri);
        if (bearer != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        return request.exchange().expectBody().returnResult();
    }

    private record RawResponse(int status, String head, String body) {
    }

    /** Bytes on a socket: test clients normalise what these tests must send malformed. */
    private RawResponse raw(String requestLine, String... lines) throws IOException {
        StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        boolean body = false;
        for (String line : lines) { // an empty line ends the headers; what follows is the body
            request.append(line).append(body ? "" : "\r\n");
            body |= line.isEmpty();
        }
        if (!body) {
            request.append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            assertThat(split).as("a complete HTTP response: " + response).isPositive();
            return new RawResponse(Integer.parseInt(response.substring(9, 12)), response.substring(0, split),
                    response.substring(split + 4));
        }
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
