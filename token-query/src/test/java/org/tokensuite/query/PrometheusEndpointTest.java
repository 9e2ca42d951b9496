package org.tokensuite.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.tokensuite.query.support.TopicPublisher;
import org.tokensuite.testsupport.PrometheusText;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tokensuite.query.support.Events.issued;
import static org.tokensuite.query.support.Events.newOwner;
import static org.tokensuite.query.support.Events.newSecret;
import static org.tokensuite.query.support.Events.newTokenId;
import static org.tokensuite.query.support.Events.revoked;

/**
 * {@code /actuator/prometheus}: only for tokens:admin, in Prometheus's text format, with introspection's answers
 * by result and verdict, its latency histogram (WebFlux functional route), the readers' lag and the JVM; never a
 * token, token id or owner in a label.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // a Spring Boot test exports no metrics unless told to, as the service does
@DirtiesContext // stopped after this class: its Kafka consumers must not run on beside other test classes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SuiteInfrastructure.register(registry, "query_prometheus");
        TestKafka.createTopics(4, TopicPublisher.TOPIC);
        TestKafka.createTopics(4, "token-usage", "token-signals");
    }

    @Autowired
    WebTestClient http;

    private final TopicPublisher topic = new TopicPublisher();
    private final String owner = newOwner();
    private final String admin = newSecret();
    private final String reader = newSecret();
    private final String revokedId = newTokenId();
    private final String revokedSecret = newSecret();

    @BeforeAll
    void issueTokens() {
        topic.publish(issued(newTokenId(), owner, admin, "tokens:admin"));
        topic.publish(issued(newTokenId(), owner, reader, "tokens:read"));
        topic.publish(issued(revokedId, owner, revokedSecret, "billing:read"));
        topic.publish(revoked(revokedId, owner));
        // untilAsserted: a 503 while the index still loads the topic (introspection fails closed) is retried too.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(active(introspect(reader, reader))).isTrue());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(active(introspect(admin, admin))).isTrue());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(active(introspect(admin, revokedSecret))).isFalse());
    }

    @AfterAll
    void closeTopic() {
        topic.close();
    }

    @Test
    void withoutATokenTheScrapeIsUnauthenticated() throws Exception {
        EntityExchangeResult<byte[]> anonymous = http.get().uri("/actuator/prometheus").exchange().expectBody().returnResult();
        assertProblem(anonymous, 401, "unauthenticated");
    }

    @Test
    void aTokenWithoutTheAdminScopeIsForbidden() throws Exception {
        assertProblem(scrape(reader), 403, "forbidden");
    }

    @Test
    void anAdminScrapesIntrospectionAnswersLatencyLagAndTheJvmWithoutAnyTokenInALabel() throws Exception {
        PrometheusText before = PrometheusText.parse(body(scrape(admin)));
        double active = before.value("tokens_introspections_total", Map.of("result", "active", "verdict", "active"));
        double revoked = before.value("tokens_introspections_total", Map.of("result", "inactive", "verdict", "revoked"));

        assertThat(active(introspect(admin, reader))).isTrue();
        assertThat(active(introspect(admin, revokedSecret))).isFalse();
        assertThat(active(introspect(admin, revokedSecret))).isFalse();

        EntityExchangeResult<byte[]> scrape = scrape(admin);
        assertThat(scrape.getStatus().value()).isEqualTo(200);
        assertThat(scrape.getResponseHeaders().getContentType()).isNotNull()
                .satisfies(type -> assertThat(type.toString()).matches("(text/plain|application/openmetrics-text).*"));
        String text = body(scrape);
        PrometheusText after = PrometheusText.parse(text);
        assertThat(after.value("tokens_introspections_total", Map.of("result", "active", "verdict", "active"))).isEqualTo(active + 1);
        assertThat(after.value("tokens_introspections_total", Map.of("result", "inactive", "verdict", "revoked"))).isEqualTo(revoked + 2);
        assertThat(after.value("tokens_introspections_total", Map.of("result", "inactive", "verdict", "expired"))).isZero();
        assertThat(after.value("tokens_processor_lag_events", Map.of("processor", "token-view"))).isNotNull();
        assertThat(after.value("tokens_processor_lag_seconds", Map.of("processor", "token-index"))).isNotNull();
        assertThat(after.names()).contains("tokens_processor_stalled", "tokens_introspection_unrecognized_total",
                "jvm_memory_used_bytes");
        // The server records a request's timer as its response completes.
        await().untilAsserted(() -> assertThat(PrometheusText.parse(body(scrape(admin))).value("http_server_requests_seconds_bucket",
                Map.of("uri", "/v1/introspect", "method", "POST", "status", "200", "le", "+Inf"))).isPositive());
        assertThat(text).doesNotContain(admin).doesNotContain(revokedSecret).doesNotContain(revokedId).doesNotContain(owner);
    }

    private EntityExchangeResult<byte[]> scrape(String bearer) {
        return http.get().uri("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
                .exchange().expectBody().returnResult();
    }

    private EntityExchangeResult<byte[]> introspect(String bearer, String token) {
        return http.post().uri("/v1/introspect").header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", token)).exchange().expectBody().returnResult();
    }

    private static boolean active(EntityExchangeResult<byte[]> answer) throws Exception {
        assertThat(answer.getStatus().value()).as(body(answer)).isEqualTo(200);
        return JSON.readTree(answer.getResponseBody()).path("active").asBoolean();
    }

    private static String body(EntityExchangeResult<byte[]> result) {
        return result.getResponseBody() == null ? "" : new String(result.getResponseBody(), StandardCharsets.UTF_8);
    }

    private static void assertProblem(EntityExchangeResult<byte[]> response, int status, String slug) throws Exception {
        assertThat(response.getStatus().value()).as(body(response)).isEqualTo(status);
        assertThat(String.valueOf(response.getResponseHeaders().getContentType())).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.getResponseBody()).get("type").asText()).isEqualTo("https://tokensuite.org/problems/" + slug);
        assertThat(body(response)).doesNotContain("jvm_");
    }
}
