package org.tokensuite.audit.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tokensuite.api.event.TokenRevoked;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.audit.projection.AuditLogWriter;
import org.tokensuite.testsupport.PrometheusText;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus}: only for tokens:admin (an auditor's audit:read is not enough), in Prometheus's
 * text format, with the entries appended to the chain, the processors' lag, the HTTP latency histogram and the
 * JVM; never a token id or owner in a label.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // a Spring Boot test exports no metrics unless told to, as the service does
@DirtiesContext // stopped after this class: its Kafka consumers must not run on beside other test classes
class PrometheusEndpointTest {

    private static final IntrospectionStub INTROSPECTION = new IntrospectionStub();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final String ADMIN = INTROSPECTION.tokenWithScopes("tokens:admin");
    private static final String AUDITOR = INTROSPECTION.tokenWithScopes("audit:read");

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SuiteInfrastructure.register(registry, "audit-prometheus");
        TestKafka.createTopics(4, TokenEventsPublisher.TOPIC, TokenEventsPublisher.SIGNALS, TokenEventsPublisher.USAGE);
        registry.add("tokens.resource-server.introspection-urls", INTROSPECTION::url);
    }

    @AfterAll
    static void stop() {
        INTROSPECTION.close();
    }

    @Test
    void withoutATokenTheScrapeIsUnauthenticated() throws Exception {
        assertProblem(get("/actuator/prometheus", null), 401, "unauthenticated");
    }

    @Test
    void anAuditorsScopeIsNotEnough() throws Exception {
        assertProblem(get("/actuator/prometheus", AUDITOR), 403, "forbidden");
    }

    @Test
    void anAdminScrapesAppendedEntriesLatencyLagAndTheJvmWithoutAnyTokenInALabel() throws Exception {
        double before = PrometheusText.parse(get("/actuator/prometheus", ADMIN).body())
                .value("tokens_audit_entries_appended_total", Map.of());
        TokenId tokenId = TokenId.random();
        String owner = "metrics-owner-3";
        try (TokenEventsPublisher publisher = new TokenEventsPublisher()) {
            publisher.publish(new TokenRevoked(tokenId, new UserId(owner), Actor.system("test"), new Cause("metrics", null),
                    Instant.now()));
        }
        assertThat(get("/v1/audit/verify", AUDITOR).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> scrape = get("/actuator/prometheus", ADMIN);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).matches("(text/plain|application/openmetrics-text).*"));
            PrometheusText metrics = PrometheusText.parse(scrape.body());
            // The topic is shared with the module's other test classes, whose events this log appends too: the
            // counter grew by at least this test's entry, once that entry is in the log.
            assertThat(get("/v1/audit/events?tokenId=" + tokenId.value(), AUDITOR).body()).contains(tokenId.value());
            assertThat(metrics.value("tokens_audit_entries_appended_total", Map.of())).isGreaterThan(before);
            assertThat(metrics.value("http_server_requests_seconds_bucket",
                    Map.of("uri", "/v1/audit/verify", "status", "200", "le", "+Inf"))).isEqualTo(1.0);
            for (String processor : new String[] {"audit-log", "audit-usage"}) {
                assertThat(metrics.value("tokens_processor_lag_events", Map.of("processor", processor))).isNotNull();
                assertThat(metrics.value("tokens_processor_lag_seconds", Map.of("processor", processor))).isNotNull();
            }
            assertThat(metrics.names()).contains(AuditLogWriter.APPENDED.replace('.', '_') + "_total",
                    "tokens_processor_stalled", "jvm_memory_used_bytes");
            assertThat(scrape.body()).doesNotContain(tokenId.value()).doesNotContain(owner).doesNotContain(ADMIN);
        });
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("https://tokensuite.org/problems/" + slug);
        assertThat(response.body()).doesNotContain("jvm_");
    }
}
