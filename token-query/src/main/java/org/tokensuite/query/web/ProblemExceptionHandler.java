package org.tokensuite.query.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.tokensuite.platform.problem.ProblemType;
import reactor.core.publisher.Mono;

/**
 * Turns every error into {@code application/problem+json} typed from the suite's vocabulary; never a
 * stack trace, and an unexpected failure becomes 503 (the caller may retry), never a 500 body.
 */
@Component
@Order(-2) // before Spring Boot's default error handler
public class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemRenderer renderer;

    public ProblemExceptionHandler(ProblemRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        ApiProblem problem = toProblem(error);
        exchange.getResponse().setStatusCode(HttpStatusCode.valueOf(problem.status()));
        renderer.headers(problem, exchange.getResponse().getHeaders());
        byte[] body = renderer.body(problem);
        return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(body)));
    }

    private static ApiProblem toProblem(Throwable error) {
        if (error instanceof ApiProblem problem) {
            return problem;
        }
        if (error instanceof ResponseStatusException status) {
            int code = status.getStatusCode().value();
            if (status.getCause() instanceof DataBufferLimitException) {
                return toProblem(status.getCause());
            }
            if (code == 404) {
                return ApiProblem.notFound("no such resource");
            }
            if (code >= 500) {
                return ApiProblem.unavailable("the service cannot answer right now");
            }
            // Any other status keeps its code; type and title come from the vocabulary.
            return new ApiProblem(code, status.getReason() == null ? "the request cannot be served" : status.getReason());
        }
        // A client's bad input: a 4xx without a stack trace in the log (and never echoed: it may hold a secret).
        if (error instanceof DataBufferLimitException) {
            return new ApiProblem(ProblemType.PAYLOAD_TOO_LARGE, "the request body is larger than this service accepts");
        }
        if (error instanceof DecodingException) {
            return ApiProblem.invalidRequest("the request body cannot be read");
        }
        if (error instanceof DataAccessException) {
            log.warn("token view database error: {}", error.getClass().getSimpleName());
            return ApiProblem.unavailable("the token view database is unavailable");
        }
        log.error("unexpected error", error);
        return ApiProblem.unavailable("the service cannot answer right now");
    }
}
