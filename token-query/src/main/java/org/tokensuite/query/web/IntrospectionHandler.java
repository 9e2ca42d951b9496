package org.tokensuite.query.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.tokensuite.api.auth.IntrospectionClient;
import org.tokensuite.api.value.Scope;
import org.tokensuite.query.health.IntrospectionGate;
import org.tokensuite.query.verification.IntrospectionObserver;
import org.tokensuite.query.verification.TokenVerifier;
import org.tokensuite.query.verification.Verification;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * {@code POST /v1/introspect} (RFC 7662) and {@code GET /v1/introspect/nginx} (for nginx
 * {@code auth_request}). Answers from the in-memory index only; kept lean on purpose, it is the
 * hottest path of the suite. Never logs a token.
 */
@Component
public class IntrospectionHandler {

    static final Scope INTROSPECT = Scope.of("tokens:introspect");
    /** Header carrying the calling service's own credential on the nginx endpoint (optional). */
    static final String SERVICE_AUTHORIZATION = "X-Introspect-Authorization";

    private final TokenVerifier verifier;
    private final IntrospectionGate gate;
    private final IntrospectionObserver observer;
    private final ProblemRenderer problems;
    private final Clock clock;

    public IntrospectionHandler(TokenVerifier verifier, IntrospectionGate gate, IntrospectionObserver observer,
                                ProblemRenderer problems, Clock clock) {
        this.verifier = verifier;
        this.gate = gate;
        this.observer = observer;
        this.problems = problems;
        this.clock = clock;
    }

    public Mono<ServerResponse> introspect(ServerRequest request) {
        long nowMillis = clock.millis();
        if (!gate.isOpen(nowMillis)) {
            return problems.response(ApiProblem.unavailable(
                    "token verification is unavailable: " + gate.closedReason(nowMillis)));
        }
        String bearer = IntrospectionClient.bearerToken(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        if (bearer == null) {
            return problems.response(ApiProblem.unauthenticated("an Authorization: Bearer token is required"));
        }
        ServerHttpRequest http = request.exchange().getRequest();
        return IntrospectionForm.read(http).onErrorMap(IllegalArgumentException.class, IntrospectionHandler::malformedForm).flatMap(form -> {
            String token = form.token();
            if (token == null || token.isBlank()) {
                return problems.response(ApiProblem.invalidRequest(
                        "the form parameter 'token' is required (application/x-www-form-urlencoded)"));
            }
            long now = nowMillis / 1000;
            Supplier<String> clientAddress = () -> ClientAddress.of(http);
            if (!bearer.equals(token)) {
                // A distinct bearer is the calling service's own credential, presented from its own connection.
                Supplier<String> callerAddress = () -> ClientAddress.remote(http);
                Verification caller = verifier.verify(bearer, now, callerAddress);
                observer.introspected(caller, callerAddress, INTROSPECT.value());
                if (!caller.isActive()) {
                    return problems.response(ApiProblem.unauthenticated("the bearer token is not active"));
                }
                if (!caller.token().scopes().holds(INTROSPECT)) {
                    return problems.response(ApiProblem.forbidden(
                            "introspecting another token needs the scope tokens:introspect"));
                }
            }
            Verification verification = verifier.verify(token, now, clientAddress);
            // RFC 7662 allows extra parameters: "scope" names what the caller is about to check (usage advice only).
            observer.introspected(verification, clientAddress, form.scope());
            return json(verification.isActive()
                    ? IntrospectionResponses.active(verification.token())
                    : IntrospectionResponses.INACTIVE);
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
        if (!gate.isOpen(nowMillis)) {
            return problems.response(ApiProblem.unavailable(
                    "token verification is unavailable: " + gate.closedReason(nowMillis)));
        }
        ServerHttpRequest http = request.exchange().getRequest();
        long now = nowMillis / 1000;
        String service = request.headers().firstHeader(SERVICE_AUTHORIZATION);
        if (service != null) {
            String credential = IntrospectionClient.bearerToken(service);
            Supplier<String> callerAddress = () -> ClientAddress.remote(http);
            Verification caller = credential == null ? null : verifier.verify(credential, now, callerAddress);
            if (caller != null) {
                observer.introspected(caller, callerAddress, INTROSPECT.value());
            }
            if (caller == null || !caller.isActive() || !caller.token().scopes().holds(INTROSPECT)) {
                return problems.response(ApiProblem.forbidden(
                        "the " + SERVICE_AUTHORIZATION + " credential is not an active token with tokens:introspect"));
            }
        }
        String token = IntrospectionClient.bearerToken(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return problems.response(ApiProblem.unauthenticated("an Authorization: Bearer token is required"));
        }
        Supplier<String> clientAddress = () -> ClientAddress.of(http);
        Verification verification = verifier.verify(token, now, clientAddress);
        String wanted = request.queryParam("scope").orElse(null);
        observer.introspected(verification, clientAddress, wanted);
        if (!verification.isActive()) {
            return problems.response(ApiProblem.unauthenticated("the bearer token is not active"));
        }
        if (wanted != null) {
            if (!Scope.isValid(wanted)) {
                return problems.response(ApiProblem.invalidRequest("scope must look like <system>:<action>"));
            }
            if (!verification.token().scopes().holds(Scope.of(wanted))) {
                return problems.response(ApiProblem.forbidden("the token does not hold " + wanted));
            }
        }
        return ServerResponse.noContent()
                .header("X-Token-Id", verification.token().tokenId())
                .header("X-Token-Subject", verification.token().owner().id())
                .header("X-Token-Scope", verification.token().scopes().spaceSeparated())
                .build();
    }

    /** URLDecoder's complaint about a bad {@code %} escape: the client's mistake, never echoed (it may hold the token). */
    private static ApiProblem malformedForm(IllegalArgumentException error) {
        return ApiProblem.invalidRequest("the body is not valid application/x-www-form-urlencoded (bad % escape)");
    }

    public Mono<ServerResponse> methodNotAllowed(ServerRequest request) {
        return problems.response(new ApiProblem(405, "method-not-allowed", "Method not allowed",
                request.method() + " is not supported here"));
    }
}
