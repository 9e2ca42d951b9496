package org.tokensuite.command.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tokensuite.testsupport.OpenApiSnapshot;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.command.it.CommandHttp.assertProblem;

/**
 * The API's contract is checked in: docs/openapi/token-command.json is what the service serves on
 * /v3/api-docs (regenerate with -Dopenapi.write=true). The document and Swagger UI are public; they
 * open nothing else.
 */
class OpenApiDocumentTest {

    private static CommandService service;
    private static CommandHttp http;

    @BeforeAll
    static void start() throws Exception {
        service = CommandService.start("command-openapi", Map.of());
        http = service.http();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theServedDocumentIsTheCheckedInOne() throws Exception {
        HttpResponse<String> document = http.get("/v3/api-docs", null);

        assertThat(document.statusCode()).as(document.body()).isEqualTo(200);
        OpenApiSnapshot.check("token-command", OpenApiDocumentTest.class, document.body());
    }

    @Test
    void swaggerUiNeedsNoToken() throws Exception {
        assertThat(http.get("/swagger-ui.html", null).statusCode()).isEqualTo(302);
        HttpResponse<String> page = http.get("/swagger-ui/index.html", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }

    @Test
    void theDocumentationPathsOpenNothingElse() throws Exception {
        assertProblem(http.post("/v3/api-docs", null, "{}"), 401, "unauthenticated", null);
        assertThat(http.get("/v3/api-docs.yaml", null).statusCode()).as("the same public description, as YAML").isEqualTo(200);
        assertProblem(http.get("/v1/tokens", null), 401, "unauthenticated", null);
        assertProblem(http.get("/actuator/metrics", null), 401, "unauthenticated", null);
        for (String disguised : new String[] {"/swagger-ui/../actuator/metrics", "/swagger-ui/..;/actuator/metrics",
                "/swagger-ui/%2e%2e/actuator/metrics", "/v3/api-docs/../../actuator/metrics"}) {
            assertThat(http.get(disguised, null).statusCode()).as(disguised).isIn(400, 401, 404);
        }
    }

    @Test
    void unknownPathsStillAnswer404WithAProblem() throws Exception {
        String caller = service.introspection().caller("tok_" + "0".repeat(32), "alice", "tokens:issue");

        assertProblem(http.get("/v2/tokens", caller), 404, "not-found", null);
        assertProblem(http.get("/swagger-ui/no-such-file.js", null), 404, "not-found", null);
    }
}
