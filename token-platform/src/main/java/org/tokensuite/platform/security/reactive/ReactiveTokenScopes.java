package org.tokensuite.platform.security.reactive;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.tokensuite.api.value.Scope;
import org.tokensuite.platform.security.ScopeDecision;
import org.tokensuite.platform.security.TokenScopes;
import reactor.core.publisher.Mono;

/** {@link TokenScopes} for reactive exchange rules: {@code .access(ReactiveTokenScopes.has("tokens:read"))}. */
public final class ReactiveTokenScopes {

    private ReactiveTokenScopes() {
    }

    public static ReactiveAuthorizationManager<AuthorizationContext> has(String scope) {
        return has(Scope.of(scope));
    }

    public static ReactiveAuthorizationManager<AuthorizationContext> has(Scope scope) {
        return new ReactiveAuthorizationManager<>() {
            @Override
            @Deprecated
            public Mono<AuthorizationDecision> check(Mono<Authentication> authentication, AuthorizationContext context) {
                return authentication.map(a -> (AuthorizationDecision) new ScopeDecision(TokenScopes.holds(a, scope), scope))
                        .defaultIfEmpty(new ScopeDecision(false, scope));
            }

            @Override
            public String toString() {
                return "ReactiveTokenScopes.has(" + scope + ")";
            }
        };
    }
}
