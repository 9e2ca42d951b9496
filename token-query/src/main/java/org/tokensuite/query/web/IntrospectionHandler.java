package org.tokensuite.query.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.tokensuite.platform.security.reactive.ClientAddresses;
import org.tokensuite.platform.problem.ProblemType;
import reactor.core.publisher.Mono;

import java.time.Clock;

/**
 * The WebFlux routes of {@code POST /v1/introspect} (RFC 7662; most of its requests are answered before they reach
 * WebFlux, by {@link DirectIntrospection}) and {@code GET /v1/introspect/nginx} (for nginx {@code auth_request}).
 * Answers from the in-memory index only. Never logs a token.
 */
@Component
public class IntrospectionHandler {

    private final IntrospectionRules rules;
    private final ProblemRenderer problems;
    private final ClientAddresses clientAddress;
    private final Clock clock;

    public IntrospectionHandler(IntrospectionRules rules, ProblemRenderer problems, ClientAddresses clientAddress,
                                Clock clock) {
        this.rules = rules;
        this.problems = problems;
        this.clientAddress = clientAddress;
        this.clock = clock;
    }

    /**
     * The route behind {@link DirectIntrospection}: it gets what that path leaves to the framework (a request behind
     * another one still in flight on its connection, one that expects {@code 100 Continue}, one sent to a server
     * without the direct path). Same rules, same answers ({@link IntrospectionRules}).
     */
    public Mono<ServerResponse> introspect(ServerRequest request) {
        long nowMillis = clock.millis();
        ApiProblem closed = rules.closed(nowMillis);
        if (closed != null) {
            return problems.response(closed);
        }
        String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        // Nothing that could authenticate: refused before the body is read.
        ApiProblem refused = IntrospectionRules.unauthenticatedBeforeBody(authorization,
                IntrospectionForm.mayCarryForm(request.headers().firstHeader(HttpHeaders.CONTENT_TYPE)));
        if (refused != null) {
            return problems.response(refused);
        }
        ServerHttpRequest http = request.exchange().getRequest();
        return IntrospectionForm.read(http).onErrorMap(IllegalArgumentException.class, e -> IntrospectionRules.malformedForm())
                .flatMap(form -> {
                    IntrospectionRules.Answer answer = rules.answer(nowMillis, authorization, form, clientAddress.lazily(http));
                    return answer.problem() != null ? problems.response(answer.problem()) : json(answer.json());
                });
    }

    /** Writes the precomputed bytes as they are: no search for a message writer per call. */
    private static Mono<ServerResponse> json(byte[] body) {
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .contentLength(body.length)
                .body((message, context) -> message.writeWith(Mono.fromSupplier(() -> message.bufferFactory().wrap(body))));
    }

    /** {@code /v1/introspect/nginx} for the requests {@link DirectIntrospection} leaves to WebFlux: {@link IntrospectionRules#nginx}. */
    public Mono<ServerResponse> nginx(ServerRequest request) {
        long nowMillis = clock.millis();
        ApiProblem closed = rules.closed(nowMillis);
        if (closed != null) {
            return problems.response(closed);
        }
        IntrospectionRules.Answer answer = rules.nginx(nowMillis, request.method().name(),
                request.headers().firstHeader(HttpHeaders.AUTHORIZATION),
                request.headers().firstHeader(IntrospectionRules.SERVICE_AUTHORIZATION),
                request.queryParam("scope").orElse(null), clientAddress.lazily(request.exchange().getRequest()));
        if (answer.problem() != null) {
            return problems.response(answer.problem());
        }
        ServerResponse.HeadersBuilder<?> granted = ServerResponse.noContent();
        answer.headers().forEach(granted::header);
        return granted.build();
    }

    public Mono<ServerResponse> methodNotAllowed(ServerRequest request) {
        return problems.response(new ApiProblem(ProblemType.METHOD_NOT_ALLOWED, request.method() + " is not supported here"));
    }
}
