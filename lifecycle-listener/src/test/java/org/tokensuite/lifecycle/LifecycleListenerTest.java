package org.tokensuite.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tokensuite.lifecycle.listener.DeadLetters;
import org.tokensuite.lifecycle.listener.HrEventMetrics;
import org.tokensuite.lifecycle.progress.ProcessorGauges;
import org.tokensuite.lifecycle.support.IntrospectionDouble;
import org.tokensuite.lifecycle.support.TokenCommandDouble;
import org.tokensuite.platform.security.ResourceServerProperties;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listener against a real Kafka broker and a real PostgreSQL, with token-command and
 * token-query's introspection played by in-test HTTP doubles. One Spring context for all of it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LifecycleListenerTest {

    private static final String TOPIC = "hr.employee-events";
    private static final String DLQ = "hr.employee-events.dlq";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final IntrospectionDouble introspection = new IntrospectionDouble();
    private static final String listenerToken = introspection.mint("lifecycle-listener", "users:offboard users:suspend");
    private static final String scimToken = introspection.mint("idp-bot", "users:offboard");
    private static final String narrowToken = introspection.mint("reader", "tokens:read");
    private static final String adminToken = introspection.mint("admin", "tokens:admin");
    private static final String supersededScimToken = introspection.mintSuperseded("idp-bot", "users:offboard");
    private static final String supersededAdminToken = introspection.mintSuperseded("admin", "tokens:admin");
    private static final TokenCommandDouble tokenCommand = new TokenCommandDouble(listenerToken);

    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<byte[], byte[]> dlqConsumer;
    private static final List<ConsumerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    ResourceServerProperties introspectionProperties;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SuiteInfrastructure.register(registry, "lifecycle");
        TestKafka.createTopics(4, TOPIC);
        TestKafka.createTopics(1, DLQ);
        registry.add("lifecycle.command-url", tokenCommand::url);
        registry.add("lifecycle.command-token", () -> listenerToken);
        // a token-query that is down comes first: every caller is verified by failing over to the next
        registry.add("tokens.resource-server.introspection-urls", () -> "http://127.0.0.1:" + unusedPort() + "/v1/introspect,"
                + introspection.url());
        // the tests connect from 127.0.0.1, which is made a trusted proxy here
        registry.add("tokens.http.trusted-proxies", () -> "127.0.0.1/32");
        registry.add("lifecycle.retry.initial-interval", () -> "PT0.2S");
        registry.add("lifecycle.retry.max-interval", () -> "PT1S");
        registry.add("tokens.health.stall-after", () -> "PT2S");
    }

    @BeforeAll
    static void clients() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        dlqConsumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TopicPartition dlq = new TopicPartition(DLQ, 0);
        dlqConsumer.assign(List.of(dlq));
        dlqConsumer.seekToBeginning(List.of(dlq));
    }

    @AfterAll
    static void closeClients() {
        producer.close();
        dlqConsumer.close();
        tokenCommand.close();
        introspection.close();
    }

    @AfterEach
    void tokenCommandIsUpAgain() {
        tokenCommand.answer(200);
        tokenCommand.start();
        MessageListenerContainer container = listeners.getListenerContainer("hr-events");
        if (!container.isRunning()) {
            container.start();
        }
    }

    // ---- HR events ----

    @Test
    void offboardingEventOffboardsTheUserOnceWithTheEventIdAsCorrelationId() {
        String user = user();
        String id = UUID.randomUUID().toString();
        long lagsBefore = lag().count();

        publish(user, event(id, "hr.employee.offboarded", user, Instant.now().minus(Duration.ofHours(1))));

        await().atMost(PATIENCE).until(() -> tokenCommand.callsFor(user).size() == 1);
        TokenCommandDouble.Call call = tokenCommand.callsFor(user).get(0);
        assertThat(call.action()).isEqualTo("offboard");
        assertThat(call.correlationId()).isEqualTo("hr:" + id);
        assertThat(call.correlationHeader()).isEqualTo("hr:" + id);
        assertThat(call.authorized()).as("sent the listener's configured token").isTrue();
        await().atMost(PATIENCE).until(() -> processed(id));
        assertThat(counter("hr.employee.offboarded", "applied")).isPositive();
        assertThat(lag().count()).isGreaterThan(lagsBefore);
        // the event said it happened an hour ago: the lag is measured from the event's time
        assertThat(lag().max(java.util.concurrent.TimeUnit.SECONDS)).isGreaterThanOrEqualTo(3600);
    }

    @Test
    void theSameEventDeliveredTwiceOffboardsOnlyOnce() {
        String user = user();
        String id = UUID.randomUUID().toString();
        double duplicatesBefore = counter("hr.employee.offboarded", "duplicate");
        byte[] event = event(id, "hr.employee.offboarded", user, Instant.now());

        publish(user, event);
        publish(user, event);

        await().atMost(PATIENCE).until(() -> counter("hr.employee.offboarded", "duplicate") > duplicatesBefore);
        assertThat(tokenCommand.callsFor(user)).hasSize(1);
    }

    @Test
    void leaveStartedSuspendsAndLeaveEndedReinstates() {
        String user = user();
        String started = UUID.randomUUID().toString();
        String ended = UUID.randomUUID().toString();

        publish(user, event(started, "hr.employee.leave_started", user, Instant.now()));
        publish(user, event(ended, "hr.employee.leave_ended", user, Instant.now()));

        await().atMost(PATIENCE).until(() -> tokenCommand.callsFor(user).size() == 2);
        assertThat(tokenCommand.callsFor(user))
                .extracting(TokenCommandDouble.Call::action, TokenCommandDouble.Call::correlationId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("suspend", "hr:" + started),
                        org.assertj.core.groups.Tuple.tuple("reinstate", "hr:" + ended));
    }

    @Test
    void unknownEventTypeIsSkippedAndCounted() {
        String user = user();
        double skippedBefore = counter(HrEventMetrics.TYPE_OTHER, "skipped_unknown_type");
        String id = UUID.randomUUID().toString();

        publish(user, event(id, "hr.employee.promoted", user, Instant.now()));

        await().atMost(PATIENCE).until(() -> counter(HrEventMetrics.TYPE_OTHER, "skipped_unknown_type") > skippedBefore);
        assertThat(tokenCommand.callsFor(user)).isEmpty();
        assertThat(processed(id)).isFalse();
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicWithTheirReasonAndTheNextEventIsStillApplied() {
        String user = user();
        byte[] notJson = "this is not json".getBytes(StandardCharsets.UTF_8);
        byte[] notCloudEvent = ("{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"hr.employee.offboarded\",\"subject\":\""
                + user + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] noSubject = ("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID()
                + "\",\"source\":\"/hr\",\"type\":\"hr.employee.offboarded\"}").getBytes(StandardCharsets.UTF_8);
        byte[] badSubject = event(UUID.randomUUID().toString(), "hr.employee.offboarded", "not a user id!", Instant.now());
        String good = UUID.randomUUID().toString();

        RecordMetadata first = publish(user, notJson);
        publish(user, notCloudEvent);
        publish(user, noSubject);
        publish(user, badSubject);
        publish(user, event(good, "hr.employee.offboarded", user, Instant.now()));

        await().atMost(PATIENCE).until(() -> deadLettersFor(user).size() == 4);
        List<ConsumerRecord<byte[], byte[]>> letters = deadLettersFor(user);
        assertThat(letters).extracting(r -> header(r, DeadLetters.REASON)).containsExactly(
                "value is not valid JSON",
                "required CloudEvents attribute 'specversion' is missing",
                "subject (the employee id) is missing",
                "subject is not a valid employee id (1-128 letters, digits, '.', '_', '@' or '-')");
        assertThat(letters.get(0).value()).isEqualTo(notJson);
        assertThat(letters.get(3).value()).isEqualTo(badSubject);
        assertThat(header(letters.get(0), DeadLetters.ORIGINAL_TOPIC)).isEqualTo(TOPIC);
        assertThat(header(letters.get(0), DeadLetters.ORIGINAL_PARTITION)).isEqualTo(Integer.toString(first.partition()));
        assertThat(header(letters.get(0), DeadLetters.ORIGINAL_OFFSET)).isEqualTo(Long.toString(first.offset()));
        await().atMost(PATIENCE).until(() -> tokenCommand.acceptedFor(user).size() == 1);
        assertThat(tokenCommand.callsFor(user).get(0).correlationId()).isEqualTo("hr:" + good);
        assertThat(counter(HrEventMetrics.TYPE_INVALID, "dead_lettered")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void eventsWithControlCharactersOrBrokenUnicodeInRecordedAttributesAreDeadLetteredNamingTheAttribute() {
        String user = user();
        String good = UUID.randomUUID().toString();
        List<byte[]> dirty = List.of(
                raw("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/hr\\r\\nX-Forged: 1\","
                        + "\"type\":\"hr.employee.offboarded\",\"subject\":\"" + user + "\"}"),
                raw("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/hr\\udbff\","
                        + "\"type\":\"hr.employee.offboarded\",\"subject\":\"" + user + "\"}"),
                raw("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/hr\","
                        + "\"type\":\"hr.employee.offboarded\\u001b[31m\",\"subject\":\"" + user + "\"}"),
                raw("{\"specversion\":\"1.0\",\"id\":\"x\\u0000" + UUID.randomUUID() + "\",\"source\":\"/hr\","
                        + "\"type\":\"hr.employee.offboarded\",\"subject\":\"" + user + "\"}"));

        dirty.forEach(value -> publish(user, value));
        publish(user, event(good, "hr.employee.offboarded", user, Instant.now()));

        await().atMost(PATIENCE).until(() -> deadLettersFor(user).size() == 4);
        assertThat(deadLettersFor(user)).extracting(r -> header(r, DeadLetters.REASON)).containsExactly(
                "source must not contain control characters (found U+000D at index 3)",
                "source must be valid Unicode text (unpaired surrogate at index 3)",
                "type must not contain control characters (found U+001B at index 22)",
                "id must not contain control characters (found U+0000 at index 1)");
        // nothing of the dirty events reached token-command: only the clean one did
        await().atMost(PATIENCE).until(() -> tokenCommand.acceptedFor(user).size() == 1);
        assertThat(tokenCommand.callsFor(user)).extracting(TokenCommandDouble.Call::correlationId).containsExactly("hr:" + good);
        await().atMost(PATIENCE).until(() -> processed(good));
        assertThat(jdbc.queryForObject("SELECT source FROM processed_event WHERE id = ?", String.class, good))
                .isEqualTo("/hr/workday");
    }

    @Test
    void eventTokenCommandRefusesGoesToTheDeadLetterTopic() {
        String user = user();
        tokenCommand.refuse(user, 400);
        String id = UUID.randomUUID().toString();

        publish(user, event(id, "hr.employee.offboarded", user, Instant.now()));

        await().atMost(PATIENCE).until(() -> deadLettersFor(user).size() == 1);
        assertThat(header(deadLettersFor(user).get(0), DeadLetters.REASON))
                .isEqualTo("token-command refused the offboard command with 400: refused by the double");
        assertThat(processed(id)).isFalse();
    }

    @Test
    void eventWaitsWhileTokenCommandIsDownAndIsAppliedWhenItReturnsEvenAfterTheConsumerRestarts() throws Exception {
        String user = user();
        String id = UUID.randomUUID().toString();
        double retriesBefore = retries("unavailable");
        tokenCommand.answer(503);

        RecordMetadata sent = publish(user, event(id, "hr.employee.offboarded", user, Instant.now()));

        // token-command answers 503: the listener keeps trying, and counts it
        await().atMost(PATIENCE).until(() -> tokenCommand.callsFor(user).size() >= 2);
        await().atMost(PATIENCE).until(() -> retries("unavailable") > retriesBefore);
        // then token-command is gone altogether (connection refused)
        tokenCommand.stop();
        int callsWhileUp = tokenCommand.callsFor(user).size();
        double retriesWhileUp = retries("unavailable");
        await().atMost(PATIENCE).until(() -> retries("unavailable") > retriesWhileUp);

        // the consumer goes away too; the event's offset was never committed
        MessageListenerContainer container = listeners.getListenerContainer("hr-events");
        container.stop();
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        assertThat(committedOffset(partition)).isLessThanOrEqualTo(sent.offset());
        assertThat(processed(id)).isFalse();
        assertThat(tokenCommand.acceptedFor(user)).isEmpty();

        container.start();
        tokenCommand.answer(200);
        tokenCommand.start();

        await().atMost(PATIENCE).until(() -> tokenCommand.acceptedFor(user).size() == 1);
        assertThat(tokenCommand.callsFor(user).size()).isGreaterThanOrEqualTo(callsWhileUp + 1);
        assertThat(tokenCommand.acceptedFor(user).get(0).correlationId()).isEqualTo("hr:" + id);
        await().atMost(PATIENCE).until(() -> processed(id) && committedOffset(partition) > sent.offset());
    }

    @Test
    void eventWaitsWhileTokenCommandRefusesTheListenersCredentialInsteadOfBeingDeadLettered() {
        String user = user();
        String id = UUID.randomUUID().toString();
        double refusedBefore = retries("unauthorized");
        tokenCommand.answer(401);

        publish(user, event(id, "hr.employee.offboarded", user, Instant.now()));

        await().atMost(PATIENCE).until(() -> retries("unauthorized") >= refusedBefore + 2);
        assertThat(processed(id)).isFalse();
        tokenCommand.answer(200);
        await().atMost(PATIENCE).until(() -> tokenCommand.acceptedFor(user).size() == 1);
        await().atMost(PATIENCE).until(() -> processed(id));
        assertThat(deadLettersFor(user)).isEmpty();
    }

    @Test
    void aConsumerStuckOnARejectedTokenMakesReadinessDownWithTheReasonAndRecoversOnceApplied() throws Exception {
        String user = user();
        String id = UUID.randomUUID().toString();
        tokenCommand.answer(401);

        publish(user, event(id, "hr.employee.offboarded", user, Instant.now()));

        await().atMost(PATIENCE).until(() -> get("/actuator/health/readiness", null).statusCode() == 503);
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        JsonNode consumer = json.readTree(readiness.body()).path("components").path("hrConsumer");
        assertThat(json.readTree(readiness.body()).path("status").asText()).isEqualTo("DOWN");
        assertThat(consumer.path("status").asText()).isEqualTo("DOWN");
        assertThat(consumer.path("details").path("processor").asText()).isEqualTo("hr-events");
        assertThat(consumer.path("details").path("lastError").asText()).isEqualTo("CommandUnauthorized");
        assertThat(consumer.path("details").path("lastErrorReason").asText())
                .startsWith("token-command answered 401: LIFECYCLE_COMMAND_TOKEN is rejected");
        assertThat(consumer.path("details").path("reason").asText()).contains("hr-events", "has not advanced");
        assertThat(consumer.path("details").path("lagEvents").asLong()).isPositive();
        assertThat(consumer.toString()).doesNotContain(listenerToken);
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(json.readTree(health.body()).path("components").path("hrConsumer").path("details")
                .path("lastErrorReason").asText()).contains("LIFECYCLE_COMMAND_TOKEN");
        assertThat(gauge(ProcessorGauges.STALLED)).isEqualTo(1.0);
        assertThat(gauge(ProcessorGauges.LAG_EVENTS)).isPositive();
        assertThat(gauge(ProcessorGauges.LAG_SECONDS)).isPositive();
        // readiness DOWN does not stop the consumer: it goes on retrying
        double retriesWhileDown = retries("unauthorized");
        await().atMost(PATIENCE).until(() -> retries("unauthorized") > retriesWhileDown);
        assertThat(processed(id)).isFalse();

        tokenCommand.answer(200);

        await().atMost(PATIENCE).until(() -> processed(id));
        assertThat(tokenCommand.acceptedFor(user)).hasSize(1);
        await().atMost(PATIENCE).until(() -> get("/actuator/health/readiness", null).statusCode() == 200);
        assertThat(json.readTree(get("/actuator/health", null).body()).path("status").asText()).isEqualTo("UP");
        await().atMost(PATIENCE).until(() -> gauge(ProcessorGauges.STALLED) == 0.0);
    }

    // ---- SCIM ----

    @Test
    void scimPatchSettingActiveFalseOffboardsTheUser() throws Exception {
        String user = user();

        HttpResponse<String> response = scimPatch(user, scimToken,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(tokenCommand.callsFor(user)).singleElement().satisfies(call -> {
            assertThat(call.action()).isEqualTo("offboard");
            assertThat(call.correlationId()).isEqualTo("scim:" + response.headers().firstValue("X-Request-Id").orElseThrow());
        });
    }

    @Test
    void scimPatchWithActiveFalseAsValueObjectOffboardsTheUser() throws Exception {
        String user = user();

        HttpResponse<String> response = scimPatch(user, scimToken,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(tokenCommand.callsFor(user)).extracting(TokenCommandDouble.Call::action).containsExactly("offboard");
    }

    @Test
    void scimDeleteOffboardsTheUser() throws Exception {
        String user = user();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(scimUri(user))
                .header("Authorization", "Bearer " + scimToken).DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(tokenCommand.callsFor(user)).extracting(TokenCommandDouble.Call::action).containsExactly("offboard");
        assertThat(tokenCommand.callsFor(user).get(0).correlationId()).startsWith("scim:");
    }

    @Test
    void scimReactivationIsRefusedWithAScimErrorAndChangesNothing() throws Exception {
        String user = user();

        HttpResponse<String> response = scimPatch(user, scimToken,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/scim+json"));
        JsonNode error = json.readTree(response.body());
        assertThat(error.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.path("status").asText()).isEqualTo("400");
        assertThat(error.path("detail").asText()).contains("active=false");
        assertThat(tokenCommand.callsFor(user)).isEmpty();
    }

    @Test
    void scimRequestsWithControlCharactersAreRefusedNamingTheAttributeAndChangeNothing() throws Exception {
        String user = user();

        HttpResponse<String> patch = scimPatch(user, scimToken,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\\u001b[2J\",\"value\":false}]}");
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/scim/v2/Users/" + user + "%0Aforged"))
                .header("Authorization", "Bearer " + scimToken).DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertScimError("PATCH", patch, 400);
        JsonNode patchError = json.readTree(patch.body());
        assertThat(patchError.path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(patchError.path("detail").asText()).isEqualTo(
                "Operations[0].path must not contain control characters (found U+001B at index 6)");
        assertScimError("DELETE", delete, 400);
        JsonNode deleteError = json.readTree(delete.body());
        assertThat(deleteError.path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(deleteError.path("detail").asText()).startsWith("id must not contain control characters");
        assertThat(tokenCommand.callsFor(user)).isEmpty();
        assertThat(tokenCommand.callsFor(user + "\nforged")).isEmpty();
    }

    @Test
    void scimPatchOfOtherAttributesIsRefused() throws Exception {
        String user = user();

        HttpResponse<String> response = scimPatch(user, scimToken,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false,\"displayName\":\"X\"}}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("scimType").asText()).isEqualTo("invalidPath");
        assertThat(tokenCommand.callsFor(user)).isEmpty();
    }

    @Test
    void scimWithoutATokenIsUnauthorized() throws Exception {
        String user = user();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(scimUri(user)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(json.readTree(response.body()).path("schemas").get(0).asText())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(tokenCommand.callsFor(user)).isEmpty();
    }

    @Test
    void scimWithATokenLackingUsersOffboardIsForbidden() throws Exception {
        String user = user();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(scimUri(user))
                .header("Authorization", "Bearer " + narrowToken).DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(tokenCommand.callsFor(user)).isEmpty();
    }

    @Test
    void scimAnswers503WhenTokenCommandCannotTakeTheRequest() throws Exception {
        String user = user();
        tokenCommand.answer(503);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(scimUri(user))
                .header("Authorization", "Bearer " + scimToken).DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json.readTree(response.body()).path("status").asText()).isEqualTo("503");
    }

    // ---- the suite's own principals ----

    @Test
    void scimCannotDeprovisionTheSuitesOwnPrincipalsAndNothingIsSent() throws Exception {
        for (String principal : List.of("lifecycle-listener", "bootstrap-admin", "Lifecycle-Listener")) {
            HttpResponse<String> delete = http.send(HttpRequest.newBuilder(scimUri(principal))
                    .header("Authorization", "Bearer " + scimToken).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> patch = scimPatch(principal, scimToken,
                    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                            + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");

            for (HttpResponse<String> response : List.of(delete, patch)) {
                assertScimError(principal + " " + response.request().method(), response, 409);
                assertThat(json.readTree(response.body()).path("detail").asText())
                        .contains("one of the suite's own principals");
            }
            assertThat(tokenCommand.callsFor(principal)).as(principal).isEmpty();
        }
    }

    @Test
    void hrEventsAboutTheSuitesOwnPrincipalsAreDeadLetteredAndNothingIsSent() {
        String key = "reserved-" + UUID.randomUUID();
        double refusedBefore = counter("hr.employee.offboarded", "refused_principal")
                + counter("hr.employee.leave_started", "refused_principal")
                + counter("hr.employee.leave_ended", "refused_principal");
        List<String> ids = new ArrayList<>();

        for (String type : List.of("hr.employee.offboarded", "hr.employee.leave_started", "hr.employee.leave_ended")) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            publish(key, event(id, type, "lifecycle-listener", Instant.now()));
        }
        String adminEvent = UUID.randomUUID().toString();
        ids.add(adminEvent);
        publish(key, event(adminEvent, "hr.employee.offboarded", "bootstrap-admin", Instant.now()));

        await().atMost(PATIENCE).until(() -> deadLettersFor(key).size() == 4);
        assertThat(deadLettersFor(key)).extracting(r -> header(r, DeadLetters.REASON))
                .containsOnly("subject is one of the suite's own principals; refusing to act on it");
        assertThat(tokenCommand.callsFor("lifecycle-listener")).isEmpty();
        assertThat(tokenCommand.callsFor("bootstrap-admin")).isEmpty();
        assertThat(ids).noneMatch(this::processed);
        assertThat(counter("hr.employee.offboarded", "refused_principal")
                + counter("hr.employee.leave_started", "refused_principal")
                + counter("hr.employee.leave_ended", "refused_principal")).isEqualTo(refusedBefore + 4);
    }

    // ---- caller authentication ----

    @Test
    void callersAreVerifiedByTheNextTokenQueryWhenTheFirstDoesNotAnswer() throws Exception {
        assertThat(introspectionProperties.introspectionUrls()).hasSize(2);

        HttpResponse<String> response = get("/actuator/metrics", adminToken);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void theClientAddressATrustedProxyForwardsIsSentToIntrospection() throws Exception {
        String token = introspection.mint("admin", "tokens:admin");

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/metrics"))
                .header("Authorization", "Bearer " + token)
                .header("X-Forwarded-For", "203.0.113.9, 198.51.100.7").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        // the right-most address that is not a trusted proxy is the client
        assertThat(introspection.clientAddressOf(token)).isEqualTo("198.51.100.7");
    }

    @Test
    void anUnreadableForwardedChainLeavesTheProxyAsTheClient() throws Exception {
        String token = introspection.mint("admin", "tokens:admin");

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/metrics"))
                .header("Authorization", "Bearer " + token)
                .header("X-Forwarded-For", "evil.example, <script>").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(introspection.clientAddressOf(token)).isEqualTo("127.0.0.1");
    }

    @Test
    void aSupersededSecretCannotDeprovisionOverScimAndNothingIsSent() throws Exception {
        String user = user();

        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(scimUri(user))
                .header("Authorization", "Bearer " + supersededScimToken).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> patch = scimPatch(user, supersededScimToken,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");

        for (HttpResponse<String> response : List.of(delete, patch)) {
            assertScimError("superseded " + response.request().method(), response, 401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(
                    "Bearer error=\"invalid_token\", error_description=\"the secret was superseded by a rotation\"");
            assertThat(json.readTree(response.body()).path("detail").asText()).contains("superseded");
        }
        assertThat(tokenCommand.callsFor(user)).isEmpty();
    }

    @Test
    void aSupersededSecretMayStillReadButNotWrite() throws Exception {
        HttpResponse<String> read = get("/actuator/metrics", supersededAdminToken);
        HttpResponse<String> write = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/metrics"))
                .header("Authorization", "Bearer " + supersededAdminToken)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(write.statusCode()).isEqualTo(401);
        assertThat(write.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(write.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).contains("invalid_token"));
        JsonNode problem = json.readTree(write.body());
        assertThat(problem.path("type").asText()).isEqualTo("https://tokensuite.org/problems/unauthenticated");
        assertThat(problem.path("detail").asText()).contains("superseded");
    }

    // ---- actuator ----

    @Test
    void healthIsPublicButMetricsNeedAnAdminToken() throws Exception {
        // an earlier test may have left the consumer briefly behind: wait for it to catch up
        await().atMost(PATIENCE).until(() -> get("/actuator/health", null).statusCode() == 200);
        HttpResponse<String> health = get("/actuator/health", null);
        HttpResponse<String> anonymous = get("/actuator/metrics/" + HrEventMetrics.EVENTS, null);
        HttpResponse<String> narrow = get("/actuator/metrics/" + HrEventMetrics.EVENTS, narrowToken);
        HttpResponse<String> admin = get("/actuator/metrics", adminToken);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).path("status").asText()).isEqualTo("UP");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(anonymous.body()).path("type").asText()).isEqualTo("https://tokensuite.org/problems/unauthenticated");
        assertThat(narrow.statusCode()).isEqualTo(403);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains(HrEventMetrics.EVENTS, ProcessorGauges.LAG_EVENTS, ProcessorGauges.LAG_SECONDS,
                ProcessorGauges.STALLED);
    }

    // ---- requests Tomcat refuses before Spring sees them ----

    @Test
    void scimPathsTomcatRefusesGetAScimErrorInsteadOfTomcatsHtmlPage() throws Exception {
        for (String path : List.of("/scim/v2/Users/..%2F..", "/scim/v2/Users/emp%00x", "/scim/v2/Users/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + scimToken).DELETE().build(), HttpResponse.BodyHandlers.ofString());

            assertScimError(path, response, 400);
        }
    }

    @Test
    void otherPathsTomcatRefusesGetAProblemDocumentInsteadOfTomcatsHtmlPage() throws Exception {
        for (String path : List.of("/v1/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/actuator/health%00", "/v1/users/a%2Fb")) {
            HttpResponse<String> response = get(path, adminToken);

            assertProblem(path, response, 400);
        }
    }

    @Test
    void oversizedHeadersGet431InTheCallersErrorFormat() throws Exception {
        String hugeToken = "tok_" + "A".repeat(20 * 1024);

        HttpResponse<String> health = get("/actuator/health", hugeToken);
        HttpResponse<String> scim = http.send(HttpRequest.newBuilder(scimUri(user()))
                .header("Authorization", "Bearer " + hugeToken).DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertProblem("/actuator/health", health, 431);
        assertScimError("/scim/v2/Users/…", scim, 431);
        assertThat(health.body()).doesNotContain("AAAA");
        assertThat(scim.body()).doesNotContain("AAAA");
    }

    private void assertProblem(String path, HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(path)
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertNoContainerPage(path, response);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asText()).as(path).isEqualTo("https://tokensuite.org/problems/invalid-request");
        assertThat(problem.path("status").asInt()).as(path).isEqualTo(status);
        assertThat(problem.path("detail").asText()).as(path).isNotBlank();
    }

    private void assertScimError(String path, HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(path)
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/scim+json"));
        assertNoContainerPage(path, response);
        JsonNode error = json.readTree(response.body());
        assertThat(error.path("schemas").get(0).asText()).as(path).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.path("status").asText()).as(path).isEqualTo(Integer.toString(status));
        assertThat(error.path("detail").asText()).as(path).isNotBlank();
    }

    private static void assertNoContainerPage(String path, HttpResponse<String> response) {
        assertThat(response.body()).as(path).doesNotContain("<", "HTTP Status", "Tomcat", "Exception", "\tat ");
    }

    // ---- helpers ----

    private static int unusedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String user() {
        return "emp-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static byte[] event(String id, String type, String subject, Instant time) {
        return ("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/hr/workday\",\"type\":\"" + type
                + "\",\"subject\":\"" + subject + "\",\"time\":\"" + time + "\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"employeeId\":\"" + subject + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] raw(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static RecordMetadata publish(String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized List<ConsumerRecord<byte[], byte[]>> deadLettersFor(String key) {
        dlqConsumer.poll(Duration.ofMillis(200)).forEach(deadLetters::add);
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> letter : deadLetters) {
            if (letter.key() != null && key.equals(new String(letter.key(), StandardCharsets.UTF_8))) {
                found.add(letter);
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private boolean processed(String id) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM processed_event WHERE id = ?)", Boolean.class, id));
    }

    private static long committedOffset(TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets("lifecycle-listener").partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata committed = offsets.get(partition);
            return committed == null ? -1 : committed.offset();
        }
    }

    private double counter(String type, String outcome) {
        Counter counter = meters.find(HrEventMetrics.EVENTS).tag("type", type).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private double gauge(String name) {
        return meters.get(name).tag("processor", "hr-events").gauge().value();
    }

    private double retries(String reason) {
        Counter counter = meters.find(HrEventMetrics.RETRIES).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private Timer lag() {
        return meters.get(HrEventMetrics.LAG).timer();
    }

    private URI scimUri(String user) {
        return URI.create("http://127.0.0.1:" + port + "/scim/v2/Users/" + user);
    }

    private HttpResponse<String> scimPatch(String user, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(scimUri(user))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/scim+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
