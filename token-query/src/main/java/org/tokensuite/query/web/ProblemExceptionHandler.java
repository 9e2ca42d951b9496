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
import reactor.core.publisher.Mono;

/**
 * Turns every error into {@code application/problem+json} with the suite's type slugs; never a
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
            String detail = status.getReason() == null ? "the request cannot be served" : status.getReason();
            return switch (code) {
                case 400 -> ApiProblem.invalidRequest(detail);
                case 401 -> ApiProblem.unauthenticated(detail);
                case 403 -> ApiProblem.forbidden(detail);
                case 404 -> ApiProblem.notFound("no such resource");
                case 405 -> new ApiProblem(405, "method-not-allowed", "Method not allowed", detail);
                case 406 -> new ApiProblem(406, "invalid-request", "Not acceptable", detail);
                case 409 -> ApiProblem.conflict(detail);
                case 413 -> new ApiProblem(413, "payload-too-large", "Payload too large", detail);
                case 415 -> new ApiProblem(415, "unsupported-media-type", "Unsupported media type", detail);
                default -> code < 500 ? new ApiProblem(code, "invalid-request", "Invalid request", detail)
                        : ApiProblem.unavailable("the service cannot answer right now");
            };
        }
        // A client's bad input: a 4xx without a stack trace in the log (and never echoed: it may hold a secret).
        if (error instanceof DataBufferLimitException) {
            return new ApiProblem(413, "payload-too-large", "Payload too large",
                    "the request body is larger than this service accepts");
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
