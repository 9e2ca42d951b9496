package org.tokensuite.query.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** token-query's errors carry the suite's one vocabulary, whatever raised them. */
class ProblemExceptionHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProblemExceptionHandler handler = new ProblemExceptionHandler(new ProblemRenderer(JSON));

    @Test
    void anUnacceptableAcceptIsNotAcceptableAsEverywhereElse() throws Exception {
        JsonNode problem = answer(new NotAcceptableStatusException(List.of(MediaType.APPLICATION_JSON)), 406);

        assertThat(problem.path("type").asText()).isEqualTo("https://tokensuite.org/problems/not-acceptable");
        assertThat(problem.path("title").asText()).isEqualTo("Not acceptable");
    }

    @Test
    void aWrongMediaTypeIsUnsupportedMediaType() throws Exception {
        JsonNode problem = answer(new UnsupportedMediaTypeStatusException(MediaType.TEXT_PLAIN, List.of(MediaType.APPLICATION_JSON)), 415);

        assertThat(problem.path("type").asText()).isEqualTo("https://tokensuite.org/problems/unsupported-media-type");
    }

    @Test
    void aStatusWithoutATypeOfItsOwnKeepsItsStatusAndTakesTheNearestType() throws Exception {
        JsonNode problem = answer(new ApiProblem(431, "the request headers are larger than this service accepts"), 431);

        assertThat(problem.path("type").asText()).isEqualTo("https://tokensuite.org/problems/invalid-request");
        assertThat(problem.path("title").asText()).isEqualTo("Invalid request");
        assertThat(problem.path("status").asInt()).isEqualTo(431);
    }

    @Test
    void anUnexpectedFailureIsUnavailableSoTheVerifiersCallersRetry() throws Exception {
        JsonNode problem = answer(new IllegalStateException("tok_secret"), 503);

        assertThat(problem.path("type").asText()).isEqualTo("https://tokensuite.org/problems/unavailable");
        assertThat(problem.toString()).doesNotContain("tok_secret", "IllegalStateException");
    }

    private JsonNode answer(Throwable error, int status) throws Exception {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/tokens"));
        handler.handle(exchange, error).block();
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(status);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        return JSON.readTree(exchange.getResponse().getBodyAsString().block());
    }
}
