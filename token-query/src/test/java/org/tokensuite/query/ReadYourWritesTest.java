package org.tokensuite.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.tokensuite.query.support.SelfIntrospection;
import org.tokensuite.query.support.TopicPublisher;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tokensuite.query.support.Events.*;

/** Read-your-writes on the inventory: GET /v1/tokens/{id} with X-Not-Older-Than waits, bounded, for that version. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "tokens.view.max-wait=PT3S")
@DirtiesContext // stopped after this class: its Kafka consumers must not run on beside other test classes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadYourWritesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SuiteInfrastructure.register(registry, "query_read_your_writes");
        TestKafka.createTopics(4, TopicPublisher.TOPIC);
        TestKafka.createTopics(4, "token-usage", "token-signals");
    }

    @Autowired
    WebTestClient http;
    @LocalServerPort
    int port;

    private final TopicPublisher topic = new TopicPublisher();
    private final String reader = newSecret();

    @BeforeAll
    void aReader() {
        topic.publish(issued(newTokenId(), newOwner(), reader, "tokens:read"));
        await().atMost(PATIENCE).until(() -> SelfIntrospection.isActive(http, reader));
    }

    @AfterAll
    void closeTopic() {
        topic.close();
    }

    @Test
    void everyAnswerNamesTheVersionOfTheTokenItShows() {
        String owner = newOwner();
        String id = newTokenId();
        topic.publish(issued(id, owner, newSecret(), "billing:read"));
        await().atMost(PATIENCE).untilAsserted(() -> get(id, null).expectStatus().isOk()
                .expectHeader().valueEquals("X-Token-Version", "0"));

        topic.publish(suspended(id, owner));
        topic.publish(expiryApproaching(id, owner)); // changes nothing shown, but is version 2 of the token

        await().atMost(PATIENCE).untilAsserted(() -> get(id, null).expectStatus().isOk()
                .expectHeader().valueEquals("X-Token-Version", "2"));
        get(id, "2").expectStatus().isOk().expectBody(JsonNode.class)
                .value(token -> assertThat(token.get("state").asText()).isEqualTo("suspended"));
    }

    @Test
    void aReadNotOlderThanAVersionNotYetProjectedWaitsForItAndAnswersTheNewState() throws Exception {
        String owner = newOwner();
        String id = newTokenId();
        topic.publish(issued(id, owner, newSecret(), "billing:read"));
        await().atMost(PATIENCE).untilAsserted(() -> get(id, null).expectStatus().isOk());

        CompletableFuture<ResponseEntity<JsonNode>> read = WebClient.create("http://127.0.0.1:" + port).get()
                .uri("/v1/tokens/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + reader)
                .header("X-Not-Older-Than", "1")
                .retrieve().toEntity(JsonNode.class).toFuture();
        Thread.sleep(300); // the read is waiting: version 1 does not exist yet
        assertThat(read).isNotDone();
        topic.publish(scopesChanged(id, owner, "narrow", "billing:write"));

        ResponseEntity<JsonNode> answer = read.get(10, TimeUnit.SECONDS);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getHeaders().getFirst("X-Token-Version")).isEqualTo("1");
        assertThat(answer.getBody().get("scopes").toString()).isEqualTo("[\"billing:write\"]");
    }

    @Test
    void aReadOfATokenNotYetInTheViewWaitsForItToo() throws Exception {
        String id = newTokenId();
        CompletableFuture<ResponseEntity<JsonNode>> read = WebClient.create("http://127.0.0.1:" + port).get()
                .uri("/v1/tokens/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + reader)
                .header("X-Not-Older-Than", "0")
                .retrieve().toEntity(JsonNode.class).toFuture();
        Thread.sleep(300);
        topic.publish(issued(id, newOwner(), newSecret(), "billing:read"));

        ResponseEntity<JsonNode> answer = read.get(10, TimeUnit.SECONDS);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody().get("tokenId").asText()).isEqualTo(id);
    }

    @Test
    void aVersionTheViewDoesNotReachWithinTheBoundIs503WithRetryAfterNeverAStaleBody() {
        String owner = newOwner();
        String id = newTokenId();
        topic.publish(issued(id, owner, newSecret(), "billing:read"));
        await().atMost(PATIENCE).untilAsserted(() -> get(id, null).expectStatus().isOk());

        get(id, "7").expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectBody(JsonNode.class).value(problem -> {
                    assertThat(problem.get("type").asText()).isEqualTo("https://tokensuite.org/problems/unavailable");
                    assertThat(problem.get("detail").asText()).contains("version 7");
                    assertThat(problem.has("scopes")).isFalse();
                });
    }

    @Test
    void aMalformedVersionIsInvalidRequest() {
        String id = newTokenId();
        for (String bad : new String[]{"abc", "-1", "+1", "1.5", "1 2", "", "99999999999999999999", "1,2"}) {
            get(id, bad).expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(JsonNode.class).value(problem ->
                            assertThat(problem.get("type").asText()).isEqualTo("https://tokensuite.org/problems/invalid-request"));
        }
    }

    private WebTestClient.ResponseSpec get(String id, String notOlderThan) {
        WebTestClient.RequestHeadersSpec<?> request = http.mutate().responseTimeout(Duration.ofSeconds(10)).build()
                .get().uri("/v1/tokens/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + reader);
        if (notOlderThan != null) {
            request = request.header("X-Not-Older-Than", notOlderThan);
        }
        return request.exchange();
    }
}
