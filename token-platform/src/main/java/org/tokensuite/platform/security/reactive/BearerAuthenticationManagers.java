package org.tokensuite.platform.security.reactive;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.ReactiveOpaqueTokenIntrospector;
import org.springframework.web.server.ServerWebExchange;
import org.tokensuite.platform.security.BearerRefusal;
import org.tokensuite.platform.security.Caller;
import reactor.core.publisher.Mono;

/**
 * Authenticates a bearer token with the reactive introspector, telling it the exchange
 * ({@link PresentingExchange}). A superseded secret is accepted on GET and HEAD only (401 invalid_token otherwise).
 */
public class BearerAuthenticationManagers implements ReactiveAuthenticationManagerResolver<ServerWebExchange> {

    private final ReactiveOpaqueTokenIntrospector introspector;

    public BearerAuthenticationManagers(ReactiveOpaqueTokenIntrospector introspector) {
        this.introspector = introspector;
    }

    @Override
    public Mono<ReactiveAuthenticationManager> resolve(ServerWebExchange exchange) {
        return Mono.just(authentication -> authenticate((BearerTokenAuthenticationToken) authentication, exchange));
    }

    private Mono<Authentication> authenticate(BearerTokenAuthenticationToken bearer, ServerWebExchange exchange) {
        boolean read = Caller.isRead(exchange.getRequest().getMethod().name());
        return introspector.introspect(bearer.getToken())
                .contextWrite(context -> PresentingExchange.with(context, exchange))
                .onErrorMap(BadOpaqueTokenException.class, e -> BearerRefusal.inactive())
                .onErrorMap(OAuth2IntrospectionException.class, e -> BearerRefusal.unavailable(e.getMessage()))
                .switchIfEmpty(Mono.error(BearerRefusal::inactive))
                .map(principal -> {
                    if (!read && Caller.isSuperseded(principal)) {
                        throw BearerRefusal.superseded();
                    }
                    OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, bearer.getToken(), null, null);
                    return new BearerTokenAuthentication(principal, token, principal.getAuthorities());
                });
    }
}
