package org.tokensuite.query.web;

import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.ReactiveOpaqueTokenIntrospector;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.platform.security.Caller;
import org.tokensuite.platform.security.reactive.ClientAddresses;
import org.tokensuite.platform.security.reactive.PresentingExchange;
import org.tokensuite.query.health.IntrospectionGate;
import org.tokensuite.query.index.TokenRecord;
import org.tokensuite.query.verification.IntrospectionObserver;
import org.tokensuite.query.verification.TokenVerifier;
import org.tokensuite.query.verification.Verification;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * The introspector of token-query's own Spring Security chain. token-query is the verifier, so it asks
 * no one: it verifies callers of its inventory and admin endpoints from the in-memory index, in the
 * calling thread (no I/O). Fails closed: while the index may not answer ({@link IntrospectionGate}), 503.
 * Every verification is a use of the caller's token, observed with the scope the endpoint needs.
 */
@Component
public class IndexTokenIntrospector implements ReactiveOpaqueTokenIntrospector {

    private final TokenVerifier verifier;
    private final IntrospectionGate gate;
    private final IntrospectionObserver observer;
    private final ClientAddresses clientAddresses;
    private final Clock clock;

    public IndexTokenIntrospector(TokenVerifier verifier, IntrospectionGate gate, IntrospectionObserver observer,
                                  ClientAddresses clientAddresses, Clock clock) {
        this.verifier = verifier;
        this.gate = gate;
        this.observer = observer;
        this.clientAddresses = clientAddresses;
        this.clock = clock;
    }

    @Override
    public Mono<OAuth2AuthenticatedPrincipal> introspect(String token) {
        return Mono.deferContextual(context -> {
            try {
                return Mono.just(verify(token, PresentingExchange.of(context)));
            } catch (RuntimeException refusal) {
                return Mono.error(refusal);
            }
        });
    }

    private OAuth2AuthenticatedPrincipal verify(String token, ServerWebExchange exchange) {
        long nowMillis = clock.millis();
        if (!gate.isOpen(nowMillis)) {
            throw new OAuth2IntrospectionException("token verification is unavailable: " + gate.closedReason(nowMillis));
        }
        // The caller's own address as the trusted proxies resolve it: forwarding headers from anyone else count for nothing.
        Supplier<String> address = exchange == null ? () -> null : clientAddresses.lazily(exchange.getRequest());
        Verification verification = verifier.verify(token, nowMillis / 1000, address);
        Scope needed = exchange == null ? null : QueryAccess.requiredScope(exchange.getRequest());
        observer.introspected(verification, address, needed == null ? null : needed.value()); // a call to token-query is a use too
        if (!verification.isActive() || !verification.token().hasCanonicalIds()) {
            // A token whose ids token-api would refuse cannot be named as a caller.
            throw new BadOpaqueTokenException("the bearer token is not active");
        }
        TokenRecord record = verification.token();
        return new Caller(new TokenId(record.tokenId()), new UserId(record.owner().id()), record.scopes().scopes(),
                verification.superseded());
    }
}
