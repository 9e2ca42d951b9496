package org.tokensuite.command.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tokensuite.command.user.UserPolicies;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tokensuite.command.it.CommandHttp.JSON;

/**
 * A processor that has work but cannot make progress makes token-command not ready, naming the
 * processor and its last error; once it recovers, readiness is UP again and the work is done.
 * Here user-policies is stalled on purpose: its tracking token row refuses every update.
 */
class ProcessorHealthTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static CommandService service;
    private static JdbcTemplate db;
    private static CommandHttp http;
    private static String admin;
    private static String offboarder;
    private static String reader;

    @BeforeAll
    static void start() throws Exception {
        service = CommandService.start("command-health",
                Map.of("tokens.health.stall-after", "PT2S", "tokens.health.sample-interval", "PT0.2S"));
        db = service.db();
        http = service.http();
        admin = service.introspection().caller("tok_00000000000000000000000000000001", "ops", "tokens:admin");
        offboarder = service.introspection().caller("tok_00000000000000000000000000000002", "hr-bot", "users:offboard");
        reader = service.introspection().caller("tok_00000000000000000000000000000003", "someone", "tokens:read");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aStalledProcessorMakesTheServiceNotReadyWithItsNameAndErrorThenRecovers() throws Exception {
        String token = issue("kim");
        await().atMost(PATIENCE).until(() -> readiness().path("status").asText().equals("UP"));

        db.execute("""
                CREATE FUNCTION refuse_policy_progress() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'stalled on purpose by the test'; END $$""");
        db.execute("CREATE TRIGGER refuse_policy_progress BEFORE UPDATE ON tokenentry FOR EACH ROW "
                + "WHEN (NEW.processorname = '" + UserPolicies.PROCESSING_GROUP + "') EXECUTE FUNCTION refuse_policy_progress()");
        try {
            assertThat(http.post("/v1/users/kim/offboard", offboarder, "{\"reason\":\"left\"}").statusCode()).isEqualTo(200);

            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode ready = readiness();
                assertThat(ready.path("status").asText()).isEqualTo("DOWN");
                JsonNode policies = ready.path("components").path("processors").path("details").path(UserPolicies.PROCESSING_GROUP);
                assertThat(policies.path("stalled").asBoolean()).isTrue();
                assertThat(policies.path("lagEvents").asLong()).isPositive();
                assertThat(policies.path("lastError").asText()).isNotBlank();
            });
            assertThat(metric("tokens.processor.stalled", UserPolicies.PROCESSING_GROUP)).isEqualTo(1.0);
            assertThat(eventTypesOf(token)).containsExactly("TokenIssued");
        } finally {
            db.execute("DROP TRIGGER refuse_policy_progress ON tokenentry");
            db.execute("DROP FUNCTION refuse_policy_progress()");
        }

        await().atMost(PATIENCE).until(() -> readiness().path("status").asText().equals("UP"));
        await().atMost(PATIENCE).until(() -> eventTypesOf(token).contains("TokenRevoked"));
        // The revocation the policy sent is itself an event the policy must pass before its lag is sampled as zero.
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(metric("tokens.processor.lag.events", UserPolicies.PROCESSING_GROUP)).isZero());
    }

    @Test
    void metricsNeedTheAdminScope() throws Exception {
        HttpResponse<String> refused = get("/actuator/metrics/tokens.processor.stalled", reader);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(get("/actuator/metrics/tokens.processor.stalled", null).statusCode()).isEqualTo(401);
    }

    private static String issue(String owner) throws Exception {
        HttpResponse<String> response = http.post("/v1/tokens", admin,
                "{\"ownerId\":\"" + owner + "\",\"name\":\"health test\",\"scopes\":[\"billing:read\"],\"ttl\":\"PT1H\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return CommandHttp.body(response).get("tokenId").asText();
    }

    private static JsonNode readiness() throws Exception {
        return JSON.readTree(get("/actuator/health/readiness", null).body());
    }

    private static double metric(String name, String processor) throws Exception {
        HttpResponse<String> response = get("/actuator/metrics/" + name + "?tag=processor:" + processor, admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("measurements").get(0).path("value").asDouble();
    }

    private static HttpResponse<String> get(String path, String bearer) throws Exception {
        return http.get(path, bearer);
    }

    private static java.util.List<String> eventTypesOf(String tokenId) {
        return service.eventTypesOf(tokenId);
    }
}
