package com.example.inventory;

import com.example.reports.FakeIntrospection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tokensuite.api.secret.TokenSecrets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter in a plain WebFlux app: the same answers as the servlet one. */
@SpringBootTest(classes = InventoryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.main.web-application-type=reactive")
class ReactiveStarterTest {

    private static final FakeIntrospection INTROSPECTION = new FakeIntrospection();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenSecrets SECRETS = new TokenSecrets();
    private static final String TOKEN_ID = "tok_" + "fedcba9876543210".repeat(2);

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

    private HttpResponse<String> call(String method, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/items"))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String scopes) {
        String token = SECRETS.generate();
        INTROSPECTION.allow(token, TOKEN_ID, "bob", scopes);
        return token;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("https://tokensuite.org/problems/" + type);
    }

    @Test
    void anActiveTokenWithTheScopeIsLetThrough() throws Exception {
        HttpResponse<String> response = call("GET", token("items:read"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("owner").asText()).isEqualTo("bob");
        assertThat(INTROSPECTION.last().form()).containsEntry("client_address", "127.0.0.1");
    }

    @Test
    void withoutTheScopeIsForbiddenNamingIt() throws Exception {
        HttpResponse<String> response = call("GET", token("billing:read"));

        assertProblem(response, 403, "forbidden");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer error=\"insufficient_scope\", scope=\"items:read\"");
    }

    @Test
    void inactiveAndMissingTokensGetTheirChallenges() throws Exception {
        HttpResponse<String> inactive = call("GET", SECRETS.generate());
        HttpResponse<String> missing = call("GET", null);

        assertProblem(inactive, 401, "unauthenticated");
        assertThat(inactive.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertProblem(missing, 401, "unauthenticated");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void aPathTheFirewallRejectsIsA400ProblemThatDoesNotEchoIt() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/items/..%2F..%2Factuator%2Fenv")).GET()
                .header("Authorization", "Bearer " + token("items:read")).build(), HttpResponse.BodyHandlers.ofString());

        assertProblem(response, 400, "invalid-request");
        assertThat(response.body()).doesNotContain("actuator");
    }

    @Test
    void whenIntrospectionIsDownTheAnswerIs503() throws Exception {
        String token = token("items:read");
        INTROSPECTION.down = true;

        assertProblem(call("GET", token), 503, "unavailable");
    }

    @Test
    void aSupersededSecretMayReadButNotWrite() throws Exception {
        String token = SECRETS.generate();
        INTROSPECTION.allowSuperseded(token, TOKEN_ID, "bob", "items:*");

        HttpResponse<String> write = call("POST", token);

        assertThat(call("GET", token).statusCode()).isEqualTo(200);
        assertProblem(write, 401, "unauthenticated");
        assertThat(write.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer error=\"invalid_token\", error_description=\"the secret was superseded by a rotation\"");
    }
}
