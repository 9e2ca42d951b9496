package org.tokensuite.audit.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tokensuite.testsupport.OpenApiSnapshot;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's contract is checked in: docs/openapi/audit-projector.json is what the service serves on
 * /v3/api-docs (regenerate with -Dopenapi.write=true). The document and Swagger UI are public; they
 * open nothing else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // stopped after this class: its Kafka consumers must not run on beside other test classes
class OpenApiDocumentTest {

    private static final IntrospectionStub INTROSPECTION = new IntrospectionStub();
    private static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1 (no h2c upgrade attempt) and a timeout: a lost answer fails the test instead of hanging it.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final String AUDITOR = INTROSPECTION.tokenWithScopes("audit:read");

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SuiteInfrastructure.register(registry, "audit-openapi");
        TestKafka.createTopics(4, TokenEventsPublisher.TOPIC, TokenEventsPublisher.SIGNALS, TokenEventsPublisher.USAGE);
        registry.add("tokens.resource-server.introspection-urls", INTROSPECTION::url);
    }

    @AfterAll
    static void stop() {
        INTROSPECTION.close();
    }

    @Test
    void theServedDocumentIsTheCheckedInOne() throws Exception {
        HttpResponse<String> document = send("GET", "/v3/api-docs", null);

        assertThat(document.statusCode()).as(document.body()).isEqualTo(200);
        OpenApiSnapshot.check("audit-projector", OpenApiDocumentTest.class, document.body());
    }

    @Test
    void swaggerUiNeedsNoToken() throws Exception {
        assertThat(send("GET", "/swagger-ui.html", null).statusCode()).isEqualTo(302);
        HttpResponse<String> page = send("GET", "/swagger-ui/index.html", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }

    @Test
    void theDocumentationPathsOpenNothingElse() throws Exception {
        assertProblem(send("POST", "/v3/api-docs", null), 401, "unauthenticated");
        assertThat(send("GET", "/v3/api-docs.yaml", null).statusCode()).as("the same public description, as YAML").isEqualTo(200);
        assertProblem(send("GET", "/v1/audit/verify", null), 401, "unauthenticated");
        for (String disguised : new String[] {"/swagger-ui/../v1/audit/verify", "/swagger-ui/..;/v1/audit/verify",
                "/swagger-ui/%2e%2e/v1/audit/verify", "/v3/api-docs/../../v1/audit/verify"}) {
            assertThat(send("GET", disguised, null).statusCode()).as(disguised).isIn(400, 401, 404);
        }
    }

    @Test
    void unknownPathsStillAnswer404WithAProblem() throws Exception {
        assertProblem(send("GET", "/v2/audit/events", AUDITOR), 404, "not-found");
        assertProblem(send("GET", "/swagger-ui/no-such-file.js", null), 404, "not-found");
    }

    private HttpResponse<String> send(String method, String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("https://tokensuite.org/problems/" + slug);
    }
}
