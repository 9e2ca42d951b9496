package org.tokensuite.query.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.tokensuite.api.value.Scope;
import org.tokensuite.platform.security.Caller;
import org.tokensuite.platform.security.IntrospectionClient;
import org.tokensuite.platform.security.reactive.ClientAddresses;
import org.tokensuite.query.verification.IntrospectionObserver;
import org.tokensuite.query.verification.TokenVerifier;
import org.tokensuite.query.verification.Verification;
import org.tokensuite.platform.problem.ProblemType;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * The WebFlux routes of {@code POST /v1/introspect} (RFC 7662; most of its requests are answered before they reach
 * WebFlux, by {@link DirectIntrospection}) and {@code GET /v1/introspect/nginx} (for nginx {@code auth_request}).
 * Answers from the in-memory index only. Never logs a token.
 */
@Component
public class IntrospectionHandler {

    /** Header carrying the calling service's own credential on the nginx endpoint (optional). */
    static final String SERVICE_AUTHORIZATION = "X-Introspect-Authorization";

    private final IntrospectionRules rules;
    private final TokenVerifier verifier;
    private final IntrospectionObserver observer;
    private final IntrospectionMetrics metrics;
    private final ProblemRenderer problems;
    private final ClientAddresses clientAddress;
    private final Clock clock;

    public IntrospectionHandler(IntrospectionRules rules, TokenVerifier verifier, IntrospectionObserver observer,
                                IntrospectionMetrics metrics, ProblemRenderer problems, ClientAddresses clientAddress,
                                Clock clock) {
        this.rules = rules;
        this.verifier = verifier;
        this.observer = observer;
        this.metrics = metrics;
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

    /**
     * For nginx {@code auth_request}, which only looks at the status: 204 when the incoming
     * request's own {@code Authorization: Bearer} token is active (and holds {@code ?scope=} if
     * given), 401 when not, 403 when the scope is missing or the optional service credential in
     * {@value #SERVICE_AUTHORIZATION} is not an active token with tokens:introspect, 503 when
     * this instance cannot verify (nginx then fails the request: closed).
     */
    public Mono<ServerResponse> nginx(ServerRequest request) {
        long nowMillis = clock.millis();
        ApiProblem closed = rules.closed(nowMillis);
        if (closed != null) {
            return problems.response(closed);
        }
        ServerHttpRequest http = request.exchange().getRequest();
        long now = nowMillis / 1000;
        // One address for both credentials: nginx's client as the trusted proxies resolve it (nginx must be
        // one of them for its X-Forwarded-For to count), else the connection's peer.
        Supplier<String> address = clientAddress.lazily(http);
        String service = request.headers().firstHeader(SERVICE_AUTHORIZATION);
        if (service != null) {
            String credential = IntrospectionClient.bearerToken(service);
            Verification caller = credential == null ? null : verifier.verify(credential, now, address);
            if (caller != null) {
                observer.introspected(caller, address, IntrospectionRules.INTROSPECT.value());
            }
            if (caller == null || !caller.isActive() || !caller.token().scopes().holds(IntrospectionRules.INTROSPECT)) {
                return problems.response(ApiProblem.forbidden(
                        "the " + SERVICE_AUTHORIZATION + " credential is not an active token with tokens:introspect"));
            }
        }
        String token = IntrospectionClient.bearerToken(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return problems.response(ApiProblem.unauthenticated("an Authorization: Bearer token is required"));
        }
        Verification verification = verifier.verify(token, now, address);
        String wanted = request.queryParam("scope").orElse(null);
        observer.introspected(verification, address, wanted);
        metrics.answered(verification.verdict());
        if (!verification.isActive() || !verification.token().hasCanonicalIds()) {
            // A token whose ids token-api would refuse cannot be named in response headers: not for gateways.
            return problems.response(ApiProblem.unauthenticated("the bearer token is not active"));
        }
        if (verification.superseded() && !Caller.isRead(request.method().name())) {
            // The subrequest carries the original method unless nginx sets proxy_method: a change needs the current secret.
            return problems.response(ApiProblem.superseded());
        }
        if (wanted != null) {
            if (!Scope.isValid(wanted)) {
                return problems.response(ApiProblem.invalidRequest("scope must look like <system>:<action>"));
            }
            if (!verification.token().scopes().holds(Scope.of(wanted))) {
                return problems.response(ApiProblem.forbidden("the token does not hold " + wanted));
            }
        }
        ServerResponse.HeadersBuilder<?> answer = ServerResponse.noContent();
        if (verification.superseded()) {
            answer.header("X-Token-Superseded", "true");
        }
        return answer
                .header("X-Token-Id", verification.token().tokenId())
                .header("X-Token-Subject", verification.token().owner().id())
                .header("X-Token-Scope", verification.token().scopes().spaceSeparated())
                .build();
    }

    public Mono<ServerResponse> methodNotAllowed(ServerRequest request) {
        return problems.response(new ApiProblem(ProblemType.METHOD_NOT_ALLOWED, request.method() + " is not supported here"));
    }
}
