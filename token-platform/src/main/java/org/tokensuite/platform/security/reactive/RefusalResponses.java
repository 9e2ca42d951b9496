package org.tokensuite.platform.security.reactive;

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

/** The one 401/503 entry point and 403 handler of the reactive chain: {@link Refusal} as problem+json. */
public class RefusalResponses implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

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

    private Mono<Void> write(ServerWebExchange exchange, Refusal refusal) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(refusal.problem());
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        response.setStatusCode(refusal.status());
        refusal.headers(response.getHeaders()::set);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
