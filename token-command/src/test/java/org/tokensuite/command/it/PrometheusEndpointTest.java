package org.tokensuite.command.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tokensuite.command.user.UserPolicies;
import org.tokensuite.testsupport.PrometheusText;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tokensuite.command.it.CommandHttp.assertProblem;

/**
 * {@code /actuator/prometheus}: only for tokens:admin (like every actuator endpoint but health), in
 * Prometheus's text format, with the command counters by type and outcome, the processors' lag, the HTTP
 * latency histogram and the JVM; never a token id or secret in a label.
 */
class PrometheusEndpointTest {

    private static CommandService service;
    private static CommandHttp http;
    private static String admin;
    private static String reader;

    @BeforeAll
    static void start() throws Exception {
        service = CommandService.start("command-prometheus", Map.of());
        http = service.http();
        admin = service.introspection().caller("tok_00000000000000000000000000000001", "ops", "tokens:admin");
        reader = service.introspection().caller("tok_00000000000000000000000000000002", "someone", "tokens:read");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void withoutATokenTheScrapeIsUnauthenticated() throws Exception {
        HttpResponse<String> anonymous = http.get("/actuator/prometheus", null);
        assertProblem(anonymous, 401, "unauthenticated", null);
        assertThat(anonymous.body()).doesNotContain("jvm_");
    }

    @Test
    void aTokenWithoutTheAdminScopeIsForbidden() throws Exception {
        HttpResponse<String> narrow = http.get("/actuator/prometheus", reader);
        assertProblem(narrow, 403, "forbidden", null);
        assertThat(narrow.body()).doesNotContain("jvm_");
    }

    @Test
    void anAdminScrapesCommandsByTypeAndOutcomeLatencyLagAndTheJvmWithoutAnyTokenInALabel() throws Exception {
        HttpResponse<String> issued = http.post("/v1/tokens", admin,
                "{\"ownerId\":\"metrics-owner-7\",\"name\":\"metrics test\",\"scopes\":[\"billing:read\"],\"ttl\":\"PT1H\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String tokenId = CommandHttp.body(issued).get("tokenId").asText();
        String secret = CommandHttp.body(issued).get("token").asText();
        assertThat(http.post("/v1/tokens/" + tokenId + "/revoke", admin, "{}").statusCode()).isEqualTo(200);
        assertProblem(http.post("/v1/tokens/" + tokenId + "/rotate", admin, "{}"), 409, "conflict", "revoked");

        HttpResponse<String> scrape = http.get("/actuator/prometheus", admin);

        assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).matches("(text/plain|application/openmetrics-text).*"));
        PrometheusText metrics = PrometheusText.parse(scrape.body());
        assertThat(metrics.value("tokens_commands_total", Map.of("type", "IssueToken", "outcome", "accepted"))).isEqualTo(1.0);
        assertThat(metrics.value("tokens_commands_total", Map.of("type", "RevokeToken", "outcome", "accepted"))).isEqualTo(1.0);
        assertThat(metrics.value("tokens_commands_total", Map.of("type", "RotateToken", "outcome", "refused"))).isEqualTo(1.0);
        assertThat(metrics.names()).contains("tokens_command_conflicts_total", "jvm_memory_used_bytes");
        // The server records a request's timer as the response completes, and the processors' gauges on their first sample.
        await().untilAsserted(() -> {
            PrometheusText later = PrometheusText.parse(http.get("/actuator/prometheus", admin).body());
            assertThat(later.value("http_server_requests_seconds_bucket",
                    Map.of("uri", "/v1/tokens/{id}/revoke", "method", "POST", "status", "200", "le", "+Inf"))).isEqualTo(1.0);
            assertThat(later.value("tokens_processor_lag_events", Map.of("processor", UserPolicies.PROCESSING_GROUP))).isNotNull();
            assertThat(later.names()).contains("tokens_processor_lag_seconds", "tokens_processor_stalled");
        });
        assertThat(scrape.body()).doesNotContain(tokenId).doesNotContain(secret).doesNotContain("metrics-owner-7");
    }
}
