package org.tokensuite.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tokensuite.query.support.TopicPublisher;
import org.tokensuite.testsupport.OpenApiSnapshot;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API's contract is checked in: docs/openapi/token-query.json is what the service serves on
 * /v3/api-docs (regenerate with -Dopenapi.write=true), introspection's functional routes included.
 * The document and Swagger UI are public; they open nothing else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // stopped after this class: its Kafka consumers must not run on beside other test classes
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1 (no h2c upgrade attempt) and a timeout: a lost answer fails the test instead of hanging it.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SuiteInfrastructure.register(registry, "query_openapi");
        TestKafka.createTopics(4, TopicPublisher.TOPIC);
        TestKafka.createTopics(4, "token-usage", "token-signals");
    }

    /**
     * Introspection fails closed (503) while the token index is still loading the topic, before it looks at any
     * credential: the refusals below are only what they claim once the service is ready.
     */
    @BeforeEach
    void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).until(() -> send("GET", "/actuator/health/readiness").statusCode() == 200);
    }

    @Test
    void theServedDocumentIsTheCheckedInOne() throws Exception {
        HttpResponse<String> document = send("GET", "/v3/api-docs");

        assertThat(document.statusCode()).as(document.body()).isEqualTo(200);
        assertThat(JSON.readTree(document.body()).at("/paths/~1v1~1introspect/post/operationId").asText())
                .isEqualTo("introspect");
        OpenApiSnapshot.check("token-query", OpenApiDocumentTest.class, document.body());
    }

    @Test
    void swaggerUiNeedsNoToken() throws Exception {
        HttpResponse<String> redirect = send("GET", "/swagger-ui.html");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(v -> assertThat(v).endsWith("/swagger-ui/index.html"));
        HttpResponse<String> page = send("GET", "/swagger-ui/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }

    @Test
    void theDocumentationPathsOpenNothingElse() throws Exception {
        assertProblem(send("GET", "/v1/tokens"), 401, "unauthenticated");
        assertProblem(send("POST", "/v1/admin/replay"), 401, "unauthenticated");
        assertProblem(send("POST", "/v1/introspect"), 401, "unauthenticated");
    }

    @Test
    void unknownPathsAnswerAProblemNeverAPage() throws Exception {
        // Without a token an unknown path is refused like a known one: a stranger learns nothing of which exist.
        assertProblem(send("GET", "/v1/nothing-here"), 401, "unauthenticated");
        assertProblem(send("GET", "/swagger-ui/no-such-file.js"), 404, "not-found");
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("https://tokensuite.org/problems/" + slug);
    }
}
