package com.example.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tokensuite.api.secret.TokenSecrets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in a plain Spring Boot MVC app with no other suite code: token-platform on the classpath,
 * the introspection URLs set (the first one answers nothing, so every call also proves the failover),
 * one scope rule and one {@code @PreAuthorize}. The introspection endpoint is a fake HTTP server.
 */
@SpringBootTest(classes = ReportsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ReportsStarterTest {

    private static final FakeIntrospection INTROSPECTION = new FakeIntrospection();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenSecrets SECRETS = new TokenSecrets();
    private static final String READER_ID = "tok_" + "0123456789abcdef".repeat(2);

    @DynamicPropertySource
    static void introspection(DynamicPropertyRegistry registry) {
        registry.add("tokens.resource-server.introspection-urls", () -> "http://127.0.0.1:9/v1/introspect," + INTROSPECTION.url());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stop() {
        INTROSPECTION.close();
    }

    @AfterEach
    void up() {
        INTROSPECTION.down = false;
    }

    private HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String scopes) {
        String token = SECRETS.generate();
        INTROSPECTION.allow(token, READER_ID, "alice", scopes);
        return token;
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("https://tokensuite.org/problems/" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    @Test
    void anActiveTokenWithTheScopeIsLetThroughAndTheControllerSeesItsCaller() throws Exception {
        HttpResponse<String> response = call("GET", "/reports", token("reports:read"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("owner").asText()).isEqualTo("alice");
        assertThat(INTROSPECTION.last().authorization()).as("without a credential a token introspects itself")
                .isEqualTo("Bearer " + INTROSPECTION.last().form().get("token"));
    }

    @Test
    void anActiveTokenWithoutTheScopeIsForbidden() throws Exception {
        HttpResponse<String> annotated = call("GET", "/reports", token("billing:read"));
        HttpResponse<String> ruled = call("POST", "/reports", token("reports:read"));

        problem(annotated, 403, "forbidden");
        assertThat(annotated.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).startsWith("Bearer error=\"insufficient_scope\""));
        assertThat(problem(ruled, 403, "forbidden").path("detail").asText()).contains("reports:write");
        assertThat(ruled.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer error=\"insufficient_scope\", scope=\"reports:write\"");
    }

    @Test
    void aScopeRuleHonoursTheSuitesWildcardsAndAdmin() throws Exception {
        assertThat(call("POST", "/reports", token("reports:*")).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/reports", token("tokens:admin")).statusCode()).isEqualTo(200);
    }

    @Test
    void anInactiveTokenGetsTheInvalidTokenChallenge() throws Exception {
        HttpResponse<String> response = call("GET", "/reports", SECRETS.generate());

        problem(response, 401, "unauthenticated");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
    }

    @Test
    void noTokenGetsAPlainBearerChallenge() throws Exception {
        HttpResponse<String> none = call("GET", "/reports", null);
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/reports"))
                .header("Authorization", "Basic YWxpY2U6c2VjcmV0").build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : new HttpResponse[]{none, basic}) {
            problem(response, 401, "unauthenticated");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
    }

    @Test
    void aMalformedTokenIsRefusedWithoutAskingAnyone() throws Exception {
        int before = INTROSPECTION.asked.size();

        HttpResponse<String> response = call("GET", "/reports", "tkn_not-a-real-token");

        problem(response, 401, "unauthenticated");
        assertThat(INTROSPECTION.asked).hasSize(before);
    }

    @Test
    void whenIntrospectionIsDownTheAnswerIs503NeverLetThrough() throws Exception {
        String token = token("reports:read");
        INTROSPECTION.down = true;

        HttpResponse<String> response = call("GET", "/reports", token);

        problem(response, 503, "unavailable");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).doesNotContain(token);
    }

    @Test
    void aSupersededSecretMayReadButNotWrite() throws Exception {
        String token = SECRETS.generate();
        INTROSPECTION.allowSuperseded(token, READER_ID, "alice", "reports:read reports:write");

        HttpResponse<String> read = call("GET", "/reports", token);
        HttpResponse<String> write = call("POST", "/reports", token);

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(problem(write, 401, "unauthenticated").path("detail").asText()).contains("superseded");
        assertThat(write.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer error=\"invalid_token\", error_description=\"the secret was superseded by a rotation\"");
    }

    @Test
    void theClientAddressIsSentAndForwardingHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        String token = token("reports:read");

        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/reports"))
                .header("Authorization", "Bearer " + token).header("X-Forwarded-For", "203.0.113.9")
                .header("Forwarded", "for=203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(INTROSPECTION.last().form()).containsEntry("client_address", "127.0.0.1");
    }

    @Test
    void theApiDocumentationPathsNeedNoToken() throws Exception {
        assertThat(call("GET", "/v3/api-docs", null).statusCode()).as("no such page here, but not refused").isEqualTo(404);
        assertThat(call("GET", "/swagger-ui/index.html", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aPathTheFirewallRefusesIsAnInvalidRequestProblem() throws Exception {
        HttpResponse<String> response = call("GET", "/reports;jsessionid=x", token("reports:read"));

        problem(response, 400, "invalid-request");
    }

    @Test
    void noDefaultUserIsCreated(CapturedOutput output) {
        assertThat(output.getAll()).doesNotContain("Using generated security password");
    }
}
