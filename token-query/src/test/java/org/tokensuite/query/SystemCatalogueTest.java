package org.tokensuite.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.tokensuite.query.support.SelfIntrospection;
import org.tokensuite.query.support.TopicPublisher;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tokensuite.query.support.Events.*;

/**
 * {@code GET /v1/systems}: the catalogue from token-command's system events, and for each retired action the
 * tokens that still hold it, read from the token view at query time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // stopped after this class: its Kafka consumers must not run on beside other test classes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SystemCatalogueTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SuiteInfrastructure.register(registry, "query_systems");
        TestKafka.createTopics(4, TopicPublisher.TOPIC);
        TestKafka.createTopics(4, "token-usage", "token-signals");
    }

    @Autowired
    WebTestClient http;

    private final TopicPublisher topic = new TopicPublisher();
    private final String reader = newSecret();
    private final String stranger = newSecret();

    @BeforeAll
    void callers() {
        topic.publish(issued(newTokenId(), newOwner(), reader, "tokens:read"));
        topic.publish(issued(newTokenId(), newOwner(), stranger, "billing:read"));
        for (String token : List.of(reader, stranger)) {
            await().atMost(PATIENCE).until(() -> SelfIntrospection.isActive(http, token));
        }
    }

    @AfterAll
    void closeTopic() {
        topic.close();
    }

    @Test
    void aRetiredActionListsTheLiveTokensThatStillHoldItForReScoping() {
        String owner = newOwner();
        String holder = newTokenId();
        String rescoped = newTokenId();
        String revoked = newTokenId();
        String other = newTokenId();
        topic.publish(systemRegistered("crm", "customers", "read", "see customers", "write", "change customers"));
        topic.publish(issued(holder, owner, newSecret(), "crm:read", "crm:write"));
        topic.publish(issued(rescoped, owner, newSecret(), "crm:read"));
        topic.publish(issued(revoked, owner, newSecret(), "crm:read"));
        topic.publish(issued(other, owner, newSecret(), "crm:write"));
        topic.publish(scopesChanged(rescoped, owner, "away from read", "crm:write"));
        topic.publish(revoked(revoked, owner));
        topic.publish(systemChanged("crm", "customers and leads", List.of("read"), "write", "change customers",
                "leads", "see leads"));

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode crm = system("crm");
            assertThat(crm.get("description").asText()).isEqualTo("customers and leads");
            assertThat(crm.get("actions").get("leads").asText()).isEqualTo("see leads");
            assertThat(crm.get("actions").has("read")).isFalse();
            JsonNode retired = crm.get("retiredActions");
            assertThat(retired.size()).isEqualTo(1);
            assertThat(retired.get(0).get("scope").asText()).isEqualTo("crm:read");
            assertThat(retired.get(0).get("holderCount").asInt()).isEqualTo(1);
            JsonNode token = retired.get(0).get("tokens").get(0);
            assertThat(token.get("tokenId").asText()).isEqualTo(holder);
            assertThat(token.get("ownerId").asText()).isEqualTo(owner);
            assertThat(token.get("state").asText()).isEqualTo("active");
        });

        // Re-scoped, the holder is off the list: it follows the token view, not the moment of retirement.
        topic.publish(scopesChanged(holder, owner, "re-scoped", "crm:write"));
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(system("crm").get("retiredActions").get(0).get("holderCount").asInt()).isZero());
    }

    @Test
    void theListNamesEverySystemAndAnOlderEventDoesNotOverwriteANewerOne() {
        topic.publish(systemRegistered("ledger", "books", "post", "post entries"));
        topic.publish(systemChanged("ledger", "books v2", List.of("post"), "close", "close a period"));
        // A re-published first event (same sequence number) after the change: the view keeps the change.
        topic.publish(systemRegistered("ledger", "books", "post", "post entries"), 0);
        topic.publish(systemRegistered("fleet", "vehicles", "*", "every action"));
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode all = get("/v1/systems", reader).expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                    .getResponseBody();
            List<String> names = new ArrayList<>();
            all.get("systems").forEach(system -> names.add(system.get("system").asText()));
            assertThat(names).contains("fleet", "ledger");
            assertThat(names).isSorted();
        });
        JsonNode ledger = system("ledger");
        assertThat(ledger.get("description").asText()).isEqualTo("books v2");
        assertThat(ledger.get("retiredActions").get(0).get("action").asText()).isEqualTo("post");
    }

    @Test
    void readingTheCatalogueNeedsTokensRead() {
        get("/v1/systems", null).expectStatus().isUnauthorized();
        get("/v1/systems", stranger).expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        get("/v1/systems/crm", stranger).expectStatus().isForbidden();
        get("/v1/systems/no-such-system", reader).expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        get("/v1/systems/Not_A_Name", reader).expectStatus().isNotFound();
    }

    private JsonNode system(String name) {
        return get("/v1/systems/" + name, reader).expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
    }

    private WebTestClient.ResponseSpec get(String path, String bearer) {
        WebTestClient.RequestHeadersSpec<?> request = http.get().uri(path);
        if (bearer != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        return request.exchange();
    }
}
