package org.tokensuite.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.tokensuite.api.event.ServiceAccountOrphaned;
import org.tokensuite.query.support.SignalReader;
import org.tokensuite.query.support.SelfIntrospection;
import org.tokensuite.query.support.TopicPublisher;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tokensuite.query.support.Events.issued;
import static org.tokensuite.query.support.Events.newOwner;
import static org.tokensuite.query.support.Events.newSecret;
import static org.tokensuite.query.support.Events.newTokenId;
import static org.tokensuite.query.support.Events.offboarded;
import static org.tokensuite.query.support.Events.serviceAccountAdopted;
import static org.tokensuite.query.support.Events.serviceAccountChanged;
import static org.tokensuite.query.support.Events.serviceAccountOrphaned;
import static org.tokensuite.query.support.Events.serviceAccountRegistered;

/** The service-account view and its reports, fed from token-events as token-command writes them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // stopped after this class: its Kafka consumers must not run on beside other test classes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceAccountViewTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SuiteInfrastructure.register(registry, "query_service_accounts");
        TestKafka.createTopics(4, TopicPublisher.TOPIC);
        TestKafka.createTopics(4, "token-usage", "token-signals");
    }

    @Autowired
    WebTestClient http;

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
    void aSponsorsAccountsTheirTokensAndWhatLeavingWouldDoAreListed() {
        String sponsor = newOwner();
        String sync = "sync-" + sponsor;
        String deploy = "deploy-" + sponsor;
        topic.publish(serviceAccountRegistered(sync, sponsor));
        topic.publish(serviceAccountRegistered(deploy, sponsor));
        String syncToken = newTokenId();
        topic.publish(issued(syncToken, sync, newSecret(), "billing:read"));
        String personal = newTokenId();
        topic.publish(issued(personal, sponsor, newSecret(), "billing:read"));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(get("/v1/service-accounts/" + sync).path("activeTokens").asInt())
                .isEqualTo(1));
        JsonNode account = get("/v1/service-accounts/" + sync);
        assertThat(account.path("sponsor").asText()).isEqualTo(sponsor);
        assertThat(account.path("status").asText()).isEqualTo("sponsored");
        assertThat(account.path("team").asText()).isEqualTo("payments");
        assertThat(account.path("lastUsedAt").isNull()).isTrue();

        JsonNode impact = get("/v1/users/" + sponsor + "/impact");
        assertThat(texts(impact.path("tokensRevoked"))).containsExactly(personal);
        assertThat(texts(impact.path("serviceAccountsOrphaned"), "accountId")).containsExactly(deploy, sync);
        assertThat(impact.path("tokensSuspendedAfterGrace").asInt()).isEqualTo(1);

        JsonNode sponsors = get("/v1/sponsors?min=2");
        assertThat(sponsors).anySatisfy(s -> {
            assertThat(s.path("sponsor").asText()).isEqualTo(sponsor);
            assertThat(texts(s.path("accountIds"))).containsExactly(deploy, sync);
        });
        // Never used counts as unused.
        assertThat(texts(get("/v1/service-accounts?unusedForDays=30"), "accountId")).contains(sync, deploy);
    }

    @Test
    void anOrphanedAccountIsSignalledAndShowsItsDeadlineUntilANewSponsorAdoptsIt() {
        String sponsor = newOwner();
        String account = "orphan-" + sponsor;
        Instant graceEnds = Instant.now().plus(Duration.ofDays(14)).truncatedTo(ChronoUnit.SECONDS);
        topic.publish(serviceAccountRegistered(account, sponsor));
        topic.publish(offboarded(sponsor));
        topic.publish(serviceAccountOrphaned(account, sponsor, graceEnds));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(texts(get("/v1/service-accounts?status=orphaned"), "accountId"))
                .contains(account));
        // The orphaning is a security signal too, keyed by the account.
        try (SignalReader signals = new SignalReader("token-signals")) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(signals.all()).anySatisfy(received -> {
                assertThat(received.key()).isEqualTo(account);
                assertThat(received.event()).isInstanceOf(ServiceAccountOrphaned.class);
            }));
        }
        JsonNode orphaned = get("/v1/service-accounts/" + account);
        assertThat(Instant.parse(orphaned.path("graceEndsAt").asText())).isEqualTo(graceEnds);

        String heir = newOwner();
        topic.publish(serviceAccountChanged(account, heir, sponsor));
        topic.publish(serviceAccountAdopted(account, heir));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(get("/v1/service-accounts/" + account).path("status").asText())
                .isEqualTo("sponsored"));
        assertThat(get("/v1/service-accounts/" + account).path("sponsor").asText()).isEqualTo(heir);
        assertThat(get("/v1/service-accounts/" + account).path("graceEndsAt").isNull()).isTrue();
        assertThat(texts(get("/v1/service-accounts?sponsor=" + heir), "accountId")).containsExactly(account);
    }

    @Test
    void theSuitesOwnPrincipalsAreBuiltInAccountsWithoutASponsor() {
        JsonNode all = get("/v1/service-accounts");
        assertThat(all).anySatisfy(a -> {
            assertThat(a.path("accountId").asText()).isEqualTo("bootstrap-admin");
            assertThat(a.path("builtIn").asBoolean()).isTrue();
            assertThat(a.path("sponsor").isNull()).isTrue();
        });
    }

    @Test
    void badFiltersAreRefusedAndTheReportsNeedTokensRead() {
        http.get().uri("/v1/service-accounts?status=lost").header(HttpHeaders.AUTHORIZATION, "Bearer " + reader)
                .exchange().expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith("application/problem+json");
        http.get().uri("/v1/service-accounts?unusedForDays=-1").header(HttpHeaders.AUTHORIZATION, "Bearer " + reader)
                .exchange().expectStatus().isBadRequest();
        http.get().uri("/v1/sponsors?min=0").header(HttpHeaders.AUTHORIZATION, "Bearer " + reader)
                .exchange().expectStatus().isBadRequest();
        http.get().uri("/v1/service-accounts/no-such-account").header(HttpHeaders.AUTHORIZATION, "Bearer " + reader)
                .exchange().expectStatus().isNotFound();
        http.get().uri("/v1/service-accounts").exchange().expectStatus().isUnauthorized();
        String writer = newSecret();
        topic.publish(issued(newTokenId(), newOwner(), writer, "tokens:issue"));
        await().atMost(PATIENCE).untilAsserted(() -> http.get().uri("/v1/users/someone/impact")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + writer).exchange().expectStatus().isForbidden());
    }

    private JsonNode get(String path) {
        return http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + reader).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }
}
