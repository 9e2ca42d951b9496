package org.tokensuite.query.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.tokensuite.api.auth.IntrospectionClient;
import org.tokensuite.api.value.Scope;
import org.tokensuite.query.health.IntrospectionGate;
import org.tokensuite.query.index.TokenRecord;
import org.tokensuite.query.verification.IntrospectionObserver;
import org.tokensuite.query.verification.TokenVerifier;
import org.tokensuite.query.verification.Verification;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Authenticates callers of token-query's own endpoints from the in-memory index (token-query is
 * the verifier, so it never calls anyone to check a caller).
 */
@Component
public class BearerAuthenticator {

    private final TokenVerifier verifier;
    private final IntrospectionGate gate;
    private final IntrospectionObserver observer;
    private final ClientAddress clientAddress;
    private final Clock clock;

    public BearerAuthenticator(TokenVerifier verifier, IntrospectionGate gate, IntrospectionObserver observer,
                               ClientAddress clientAddress, Clock clock) {
        this.verifier = verifier;
        this.gate = gate;
        this.observer = observer;
        this.clientAddress = clientAddress;
        this.clock = clock;
    }

    /** GET and HEAD change nothing: the only calls a superseded secret may make. */
    static boolean isReadOnly(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
    }

    /**
     * The caller's token, or an {@link ApiProblem}: 401 without an active token (or with a superseded secret on a
     * call that is not a GET/HEAD), 403 without the scope, 503 when unsure.
     */
    public TokenRecord require(ServerHttpRequest request, Scope needed) {
        String bearer = IntrospectionClient.bearerToken(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (bearer == null) {
            throw ApiProblem.unauthenticated("an Authorization: Bearer token is required");
        }
        long nowMillis = clock.millis();
        if (!gate.isOpen(nowMillis)) {
            throw ApiProblem.unavailable("token verification is unavailable: " + gate.closedReason(nowMillis));
        }
        // The caller's own address as the trusted proxies resolve it: forwarding headers from anyone else count for nothing.
        Supplier<String> address = clientAddress.lazily(request);
        Verification verification = verifier.verify(bearer, nowMillis / 1000, address);
        observer.introspected(verification, address, needed.value()); // a call to token-query is a use too
        if (!verification.isActive()) {
            throw ApiProblem.unauthenticated("the bearer token is not active");
        }
        if (verification.superseded() && !isReadOnly(request.getMethod())) {
            throw ApiProblem.superseded();
        }
        TokenRecord token = verification.token();
        if (!token.scopes().holds(needed)) {
            throw ApiProblem.forbidden("this call needs the scope " + needed);
        }
        return token;
    }
}
