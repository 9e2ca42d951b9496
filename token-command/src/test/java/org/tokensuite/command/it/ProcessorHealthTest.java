package org.tokensuite.command.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tokensuite.command.CommandApplication;
import org.tokensuite.command.user.UserPolicies;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
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
    private static final Map<String, Object> properties = new HashMap<>();
    private static FakeIntrospection introspection;
    private static ConfigurableApplicationContext app;
    private static JdbcTemplate db;
    private static CommandHttp http;
    private static String admin;
    private static String offboarder;
    private static String reader;

    @BeforeAll
    static void start() throws Exception {
        SuiteInfrastructure.register((name, value) -> properties.put(name, value.get()), "command-health");
        TestKafka.createTopics(4, "token-events", "token-signals");
        introspection = new FakeIntrospection();
        admin = introspection.caller("tok_00000000000000000000000000000001", "ops", "tokens:admin");
        offboarder = introspection.caller("tok_00000000000000000000000000000002", "hr-bot", "users:offboard");
        reader = introspection.caller("tok_00000000000000000000000000000003", "someone", "tokens:read");
        properties.put("server.port", "0");
        properties.put("tokens.auth.introspection-url", introspection.uri().toString());
        properties.put("tokens.health.stall-after", "PT2S");
        properties.put("tokens.health.sample-interval", "PT0.2S");
        properties.put("spring.main.banner-mode", "off");
        db = new JdbcTemplate(new DriverManagerDataSource((String) properties.get("spring.datasource.url"),
                (String) properties.get("spring.datasource.username"), (String) properties.get("spring.datasource.password")));
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        app = new SpringApplicationBuilder(CommandApplication.class).run(args);
        http = new CommandHttp(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (introspection != null) {
            introspection.close();
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
        assertThat(metric("tokens.processor.lag.events", UserPolicies.PROCESSING_GROUP)).isZero();
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static java.util.List<String> eventTypesOf(String tokenId) {
        return db.queryForList("SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber",
                String.class, tokenId).stream().map(t -> t.substring(t.lastIndexOf('.') + 1)).toList();
    }
}
