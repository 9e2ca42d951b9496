package org.tokensuite.query;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.query.projection.TokenViewProjection;
import org.tokensuite.query.support.Events.TestEvent;
import org.tokensuite.query.support.TopicPublisher;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestDatabase;
import org.tokensuite.testsupport.TestKafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tokensuite.query.support.Events.*;

/** The token view's promises: exactly once across crashes, rebuild by replay, and two instances on one database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "axon.eventhandling.processors.token-view.token-claim-interval=1000",
        "axon.eventhandling.processors.token-view.batch-size=20",
        "tokens.health.stall-after=PT3S",
        "tokens.health.check-interval=PT0.5S"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenViewTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicBoolean CRASHED = new AtomicBoolean();
    private static TestDatabase database;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = SuiteInfrastructure.register(registry, "query_view");
        TestKafka.createTopics(4, TopicPublisher.TOPIC);
        // As in a deployment, token-query's output topics exist beforehand: auto-creating them while the
        // view is replaying was seen to stall the Kafka source's fetch (the first usage flush creates them).
        TestKafka.createTopics(4, "token-usage", "token-signals");
    }

    /** Fails the token-view batch that holds the first "crash-once" event, once: the batch must roll back and retry. */
    @TestConfiguration
    static class CrashInjection {

        @Bean
        CrashOnce crashOnce(@Qualifier("eventSerializer") Serializer serializer) {
            return new CrashOnce(serializer);
        }
    }

    @ProcessingGroup(TokenViewProjection.GROUP)
    static class CrashOnce {

        private final Serializer serializer;

        CrashOnce(Serializer serializer) {
            this.serializer = serializer;
        }

        @EventHandler(payloadType = TokenEvent.class)
        void on(EventMessage<?> message) {
            String json = new String(message.serializePayload(serializer, byte[].class).getData(), StandardCharsets.UTF_8);
            if (json.contains("crash-once") && CRASHED.compareAndSet(false, true)) {
                throw new IllegalStateException("simulated crash in the middle of a batch");
            }
        }
    }

    @Autowired
    WebTestClient http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    MeterRegistry meters;

    private final TopicPublisher topic = new TopicPublisher();

    @AfterAll
    void closeTopic() {
        topic.close();
    }

    @Test
    void everyEventChangesTheViewExactlyOnceAcrossCrashesRestartsAndRepublishing() throws Exception {
        String owner = newOwner();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(newTokenId());
        }
        Thread producer = new Thread(() -> {
            for (String id : ids) {
                topic.publish(issued(id, owner, newSecret(), "billing:read"));
            }
            for (int round = 0; round < 3; round++) {
                for (String id : ids) {
                    String reason = round == 1 && id.equals(ids.get(5)) ? "crash-once" : "narrow";
                    topic.publish(scopesChanged(id, owner, reason, "billing:read", "round:r" + round));
                }
            }
            for (String id : ids) {
                topic.publish(suspended(id, owner));
                topic.publish(reinstated(id, owner));
            }
        });
        producer.start();
        StreamingEventProcessor processor = processor();
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM tokens WHERE owner_id = ?", owner) >= 3);
        processor.shutDown(); // killed mid-stream; whatever it had not committed must be redone, once
        processor.start();
        producer.join();
        // A producer that crashed re-publishes what it had sent: same aggregate sequence numbers.
        topic.publish(scopesChanged(ids.get(0), owner, "narrow", "billing:read", "round:r0"), 1);
        topic.publish(suspended(ids.get(0), owner), 4);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                jdbc.queryForList("SELECT applied_events FROM tokens WHERE owner_id = ?", Long.class, owner))
                .hasSize(10).allMatch(applied -> applied == 6));
        // One more event after everything: once it is in, any double application would have shown.
        String marker = newTokenId();
        topic.publish(issued(marker, owner, newSecret(), "billing:read"));
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM tokens WHERE token_id = ?", marker) == 1);

        assertThat(CRASHED).isTrue();
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT applied_events, state, array_to_string(scopes, ' ') AS scopes FROM tokens "
                        + "WHERE owner_id = ? AND token_id <> ?", owner, marker);
        assertThat(rows).hasSize(10).allSatisfy(row -> {
            assertThat(row.get("applied_events")).isEqualTo(6L);
            assertThat(row.get("state")).isEqualTo("active");
            assertThat(row.get("scopes")).isEqualTo("billing:read round:r2");
        });
    }

    @Test
    void everyEventOfABacklogOnEveryPartitionReachesTheView() {
        // A backlog makes one fetch return records of several partitions at once (as at a start or a
        // replay): every one of them must be applied, none dropped as "already seen".
        StreamingEventProcessor processor = processor();
        processor.shutDown();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                String owner = newOwner();
                String id = newTokenId();
                ids.add(id);
                topic.publish(issued(id, owner, newSecret(), "billing:read"));
                topic.publish(scopesChanged(id, owner, "narrow", "billing:write"));
                topic.publish(revoked(id, owner));
            }
        } finally {
            processor.start();
        }
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM tokens WHERE token_id = ANY (CAST(? AS text[])) "
                + "AND state = 'revoked' AND applied_events = 3 AND scopes = '{billing:write}'",
                "{" + String.join(",", ids) + "}") == ids.size());
    }

    @Test
    void replayRebuildsAnIdenticalViewFromTheTopic() {
        String owner = newOwner();
        String admin = newSecret();
        String id = newTokenId();
        topic.publish(issued(newTokenId(), owner, admin, "tokens:admin"));
        topic.publish(issued(id, owner, newSecret(), "billing:read"));
        topic.publish(scopesChanged(id, owner, "narrow", "billing:write"));
        topic.publish(revoked(id, owner));
        topic.publish(leaveStarted(owner));
        topic.publish(leaveEnded(owner));
        await().atMost(PATIENCE).until(() ->
                count("SELECT count(*) FROM tokens WHERE token_id = ? AND state = 'revoked'", id) == 1
                        && count("SELECT count(*) FROM users WHERE user_id = ? AND applied_events = 2", owner) == 1);
        // The owner's leave is over, so the admin token verifies; wait until this instance's index knows.
        await().atMost(PATIENCE).until(() -> activeSelf(http, admin));
        List<Map<String, Object>> before = snapshot(owner);
        jdbc.update("UPDATE tokens SET name = 'tampered', applied_events = 99 WHERE token_id = ?", id);

        http.post().uri("/v1/admin/replay").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin).exchange()
                .expectStatus().isAccepted();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(processor().isReplaying()).isFalse();
            assertThat(snapshot(owner)).isEqualTo(before);
        });
        http.post().uri("/v1/admin/replay").header(HttpHeaders.AUTHORIZATION, "Bearer " + newSecret()).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void twoInstancesOnOneDatabaseEachAnswerForEveryToken() {
        String owner = newOwner();
        String early = newSecret();
        topic.publish(issued(newTokenId(), owner, early, "billing:read"));
        await().atMost(PATIENCE).until(() -> activeSelf(http, early));

        ConfigurableApplicationContext second = startSecondInstance();
        try {
            WebTestClient other = WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + ((WebServerApplicationContext) second).getWebServer().getPort())
                    .build();
            await().atMost(PATIENCE).untilAsserted(() ->
                    other.get().uri("/actuator/health").exchange().expectStatus().isOk());
            assertThat(activeSelf(other, early)).isTrue(); // warm before ready: it loaded the whole topic

            // Events of many owners land on every partition; each instance must see all of them.
            List<String> secrets = new ArrayList<>();
            List<String[]> tokens = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String secret = newSecret();
                String[] token = {newTokenId(), newOwner()};
                secrets.add(secret);
                tokens.add(token);
                topic.publish(issued(token[0], token[1], secret, "billing:read"));
            }
            await().atMost(PATIENCE).until(() -> secrets.stream().allMatch(s -> activeSelf(http, s) && activeSelf(other, s)));
            for (String[] token : tokens) {
                topic.publish(revoked(token[0], token[1]));
            }
            await().atMost(PATIENCE).until(() -> secrets.stream().noneMatch(s -> activeSelf(http, s) || activeSelf(other, s)));
        } finally {
            second.close(); // the other instance goes away between events; this one takes over its segments
        }
        String after = newTokenId();
        topic.publish(issued(after, owner, newSecret(), "billing:read"));
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM tokens WHERE token_id = ? AND applied_events = 1", after) == 1);
        assertThat(count("SELECT count(*) FROM tokens WHERE applied_events <> 1 AND owner_id = ?", owner)).isZero();
    }

    @Test
    void withNoTrustedProxyConfiguredForwardingHeadersCountForNothing() {
        // The default configuration (tokens.http.trusted-proxies empty): the connection's peer is the client.
        String owner = newOwner();
        String boundReader = newSecret();
        topic.publish(issued(newTokenId(), owner, boundReader, null, Instant.now().plus(Duration.ofDays(1)),
                List.of("10.0.0.0/8"), "tokens:read"));
        await().atMost(PATIENCE).until(() -> new String(http.post().uri("/v1/introspect")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + boundReader).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", boundReader).with("client_address", "10.1.2.3")).exchange()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8).startsWith("{\"active\":true"));

        for (String[] spoof : List.of(new String[] {"X-Forwarded-For", "10.9.9.9"}, new String[] {"Forwarded", "for=10.9.9.9"})) {
            http.get().uri("/v1/tokens?ownerId=" + owner).header(spoof[0], spoof[1])
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + boundReader).exchange().expectStatus().isUnauthorized();
        }
    }

    @Test
    void everyEventIsProjectedWhateverTextItCarriesAndNothingStopsEitherProcessor() throws Exception {
        // Events written before any input rule existed: NUL, unpaired surrogates, the stored form's own
        // marker and escape, quotes and braces (array syntax), a 1 MB reason, a 1 MB name.
        TopicPublisher.allowRecordsOf(16 * 1024 * 1024);
        String owner = newOwner();
        String reader = newSecret();
        topic.publish(issued(newTokenId(), owner, reader, "tokens:read"));
        String id = newTokenId();
        String secret = newSecret();
        String name = "nul\u0000 high\uD800 low\uDC00 pair\uD83D\uDE00 esc\u001B[31m back\\slash\\0 \"quoted\" {a,b}";
        String markerName = "\u0001starts with the stored form's marker \\u0041";
        String oddScope = "billing:read\u0000{\"x\",y}\\";
        TestEvent weird = issued(id, owner, secret, "billing:read");
        weird.payload().put("name", name);
        weird.payload().put("scopes", List.of("billing:read", oddScope));
        weird.payload().put("cause", Map.of("reason", "nul\u0000" + "r".repeat(1024 * 1024)));
        topic.publishRaw(weird, escapedJson(weird.payload()));
        String markerId = newTokenId();
        TestEvent marked = issued(markerId, owner, newSecret(), "billing:read");
        marked.payload().put("name", markerName);
        topic.publishRaw(marked, escapedJson(marked.payload()));
        String bigId = newTokenId();
        String bigName = "\u0000" + "n".repeat(1024 * 1024) + "\uDBFF";
        TestEvent big = issued(bigId, owner, newSecret(), "billing:read");
        big.payload().put("name", bigName);
        topic.publishRaw(big, escapedJson(big.payload()));
        String latinId = newTokenId();
        TestEvent latin = issued(latinId, owner, newSecret(), "billing:read");
        latin.payload().put("name", "caf\u00e9");
        topic.publishRaw(latin, JSON.writeValueAsString(latin.payload()).getBytes(StandardCharsets.ISO_8859_1));
        topic.publishRaw(issued(newTokenId(), owner, newSecret(), "billing:read"), "{not json".getBytes(StandardCharsets.UTF_8));
        // A revocation whose time is garbled is still a revocation (a lost one would leave the token active).
        String revokedId = newTokenId();
        String revokedSecret = newSecret();
        topic.publish(issued(revokedId, owner, revokedSecret, "billing:read"));
        TestEvent garbledRevocation = revoked(revokedId, owner);
        garbledRevocation.payload().put("occurredAt", "the day before yesterday");
        topic.publishRaw(garbledRevocation, escapedJson(garbledRevocation.payload()));
        // Later events of the same owner (same partition, so behind all of the above).
        topic.publish(scopesChanged(id, owner, "nul\u0000 in a reason", "billing:write", oddScope));
        String after = newSecret();
        String afterId = newTokenId();
        topic.publish(issued(afterId, owner, after, "billing:read"));

        // The index went on: the odd token and the one after it verify.
        await().atMost(PATIENCE).until(() -> activeSelf(http, secret) && activeSelf(http, after));
        // The view went on, and gives back exactly what the events said.
        WebTestClient large = http.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
        JsonNode odd = await().atMost(PATIENCE).until(() -> summary(large, reader, id),
                summary -> summary != null && summary.get("scopes").toString().contains("billing:write"));
        assertThat(odd.get("name").asText()).isEqualTo(name);
        List<String> scopes = new ArrayList<>();
        odd.get("scopes").forEach(scope -> scopes.add(scope.asText()));
        assertThat(scopes).containsExactlyInAnyOrder("billing:write", oddScope);
        assertThat(await().atMost(PATIENCE).until(() -> summary(large, reader, markerId), java.util.Objects::nonNull)
                .get("name").asText()).isEqualTo(markerName);
        assertThat(await().atMost(PATIENCE).until(() -> summary(large, reader, bigId), java.util.Objects::nonNull)
                .get("name").asText()).isEqualTo(bigName);
        assertThat(await().atMost(PATIENCE).until(() -> summary(large, reader, latinId), java.util.Objects::nonNull)
                .get("name").asText()).isEqualTo("caf\uFFFD"); // not UTF-8: what can be decoded, and the event kept
        assertThat(await().atMost(PATIENCE).until(() -> summary(large, reader, afterId), java.util.Objects::nonNull)
                .get("state").asText()).isEqualTo("active");
        assertThat(await().atMost(PATIENCE).until(() -> summary(large, reader, revokedId), java.util.Objects::nonNull)
                .get("state").asText()).isEqualTo("revoked");
        assertThat(activeSelf(http, revokedSecret)).isFalse();
        JsonNode page = JSON.readTree(large.get().uri("/v1/tokens?ownerId=" + owner + "&scope=billing:write&size=500")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + reader).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(page.get("items").findValuesAsText("tokenId")).containsExactly(id);
    }

    private static JsonNode summary(WebTestClient client, String reader, String id) throws Exception {
        EntityExchangeResult<String> result = client.get().uri("/v1/tokens/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + reader).exchange().expectBody(String.class).returnResult();
        return result.getStatus().value() == 200 ? JSON.readTree(result.getResponseBody()) : null;
    }

    /** JSON with every non-ASCII character escaped: how an unpaired surrogate can be written at all. */
    private static byte[] escapedJson(Map<String, Object> payload) throws Exception {
        return JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsBytes(payload);
    }

    @Test
    void aProcessorThatCannotWriteIsStalledAndReadinessNamesItAndItsErrorUntilItRecovers() throws Exception {
        await().atMost(PATIENCE).until(() -> readiness().getStatus().value() == 200); // earlier tests may leave a backlog
        assertThat(gauge("tokens.processor.stalled", TokenViewProjection.GROUP)).isZero();
        assertThat(gauge("tokens.processor.lag.seconds", TokenViewProjection.GROUP)).isNotNegative();
        String owner = newOwner();
        String id = newTokenId();
        String secret = newSecret();

        jdbc.execute("ALTER TABLE tokens RENAME TO tokens_out_of_reach");
        try {
            topic.publish(issued(id, owner, secret, "billing:read"));
            String body = await().atMost(PATIENCE).until(() -> {
                EntityExchangeResult<String> result = readiness();
                return result.getStatus().value() == 503 ? result.getResponseBody() : null;
            }, java.util.Objects::nonNull);
            JsonNode processors = JSON.readTree(body).at("/components/processors");
            assertThat(processors.get("status").asText()).isEqualTo("DOWN");
            JsonNode view = processors.at("/details/" + TokenViewProjection.GROUP);
            assertThat(view.get("stalled").asBoolean()).isTrue();
            assertThat(view.get("lagEvents").asLong()).isPositive();
            assertThat(view.get("lagSeconds").asLong()).isPositive(); // the event has waited at least stall-after
            assertThat(view.get("lastError").asText()).endsWith("BadSqlGrammarException");
            assertThat(processors.at("/details/reason").asText()).contains(TokenViewProjection.GROUP + " is stalled");
            assertThat(processors.at("/details/token-index/stalled").asBoolean()).isFalse(); // the index is fine
            assertThat(body).doesNotContain(TokenSecrets.hash(secret).value()).doesNotContain(secret);
            http.get().uri("/actuator/health").exchange().expectStatus().isEqualTo(503);
            assertThat(gauge("tokens.processor.stalled", TokenViewProjection.GROUP)).isEqualTo(1);
            assertThat(gauge("tokens.processor.lag.events", TokenViewProjection.GROUP)).isPositive();
            assertThat(gauge("tokens.processor.stalled", "token-index")).isZero();
        } finally {
            jdbc.execute("ALTER TABLE tokens_out_of_reach RENAME TO tokens");
        }

        await().atMost(PATIENCE).until(() -> readiness().getStatus().value() == 200);
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM tokens WHERE token_id = ?", id) == 1);
        assertThat(gauge("tokens.processor.stalled", TokenViewProjection.GROUP)).isZero();
    }

    private EntityExchangeResult<String> readiness() {
        return http.get().uri("/actuator/health/readiness").exchange().expectBody(String.class).returnResult();
    }

    private double gauge(String name, String processor) {
        return meters.get(name).tag("processor", processor).gauge().value();
    }

    private ConfigurableApplicationContext startSecondInstance() {
        // Command-line arguments, so they win over application.yml as the environment would.
        return new SpringApplicationBuilder(QueryApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--axon.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--axon.kafka.client-id=token-query-second",
                "--axon.eventhandling.processors.token-view.token-claim-interval=1000");
    }

    private static boolean activeSelf(WebTestClient client, String secret) {
        byte[] body = client.post().uri("/v1/introspect").header(HttpHeaders.AUTHORIZATION, "Bearer " + secret)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", secret)).exchange().expectBody().returnResult()
                .getResponseBody();
        return body != null && new String(body, StandardCharsets.UTF_8).startsWith("{\"active\":true");
    }

    /** This test's owner only: other tests' tokens may still be changing (expiry, late events) during the replay. */
    private List<Map<String, Object>> snapshot(String owner) {
        List<Map<String, Object>> rows = new ArrayList<>(jdbc.queryForList(
                "SELECT token_id, owner_id, name, scopes::text, state, hint, secret_hash, previous_secret_hash, "
                        + "previous_valid_until, issued_at, not_before, expires_at, last_rotated_at, suspended_at, "
                        + "revoked_at, expired_at, allowed_cidrs::text, last_sequence, applied_events "
                        + "FROM tokens WHERE owner_id = ? ORDER BY token_id", owner));
        rows.addAll(jdbc.queryForList("SELECT user_id, offboarded_at, on_leave_since, last_sequence, applied_events "
                + "FROM users WHERE user_id = ?", owner));
        return rows;
    }

    private long count(String sql, Object... args) {
        Long count = jdbc.queryForObject(sql, Long.class, args);
        return count == null ? 0 : count;
    }

    private StreamingEventProcessor processor() {
        return processing.eventProcessor(TokenViewProjection.GROUP, StreamingEventProcessor.class).orElseThrow();
    }
}
