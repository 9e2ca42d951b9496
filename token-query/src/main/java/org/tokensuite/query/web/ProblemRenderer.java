package org.tokensuite.query.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@link ApiProblem}s as {@code application/problem+json} (type and title from the suite's
 * vocabulary), with a Bearer challenge on 401.
 */
@Component
public class ProblemRenderer {

    private final ObjectMapper json;

    public ProblemRenderer(ObjectMapper json) {
        this.json = json;
    }

    public byte[] body(ApiProblem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type().uri().toString());
        body.put("title", problem.type().title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void headers(ApiProblem problem, HttpHeaders headers) {
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.status() == 401) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, problem.challenge());
        }
        if (problem.retryAfterSeconds() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
        }
    }

    public Mono<ServerResponse> response(ApiProblem problem) {
        return ServerResponse.status(HttpStatusCode.valueOf(problem.status()))
                .headers(headers -> headers(problem, headers))
                .bodyValue(body(problem));
    }
}
