package org.tokensuite.platform.security.reactive;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.tokensuite.platform.problem.ProblemType;
import org.tokensuite.platform.problem.Problems;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import org.tokensuite.api.value.Scope;
import org.tokensuite.platform.security.Refusal;
import reactor.core.publisher.Mono;

/**
 * The one 401/503 entry point and 403 handler of the reactive chain ({@link Refusal} as problem+json), and
 * the 400 of a request the firewall rejects (an encoded '/' or '..' in the path), in the same vocabulary.
 */
public class RefusalResponses implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler,
        ServerExchangeRejectedHandler {

    private final ObjectMapper json;

    public RefusalResponses(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        return write(exchange, Refusal.of(failure));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denial) {
        Scope scope = exchange.getAttribute(ReactiveTokenScopes.REQUIRED_SCOPE);
        return write(exchange, scope != null ? Refusal.insufficientScope(scope) : Refusal.of(denial));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        // The detail is fixed: the rejected path is the attacker's text and is not echoed.
        return write(exchange, Problems.of(ProblemType.INVALID_REQUEST,
                "the request's path is malformed (for example an encoded '/', '\\' or '..', or a '//')"), headers -> { });
    }

    private Mono<Void> write(ServerWebExchange exchange, Refusal refusal) {
        return write(exchange, refusal.problem(), headers -> refusal.headers(headers::set));
    }

    private Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, Consumer<HttpHeaders> headers) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        headers.accept(response.getHeaders());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
