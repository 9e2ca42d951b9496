package org.tokensuite.platform.security.reactive;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.tokensuite.api.value.Scope;
import org.tokensuite.platform.security.ScopeDecision;
import org.tokensuite.platform.security.TokenScopes;
import reactor.core.publisher.Mono;

/**
 * {@link TokenScopes} for reactive exchange rules: {@code .access(ReactiveTokenScopes.has("tokens:read"))}.
 * A refusal leaves the scope in the exchange's attributes, so the 403 can name it (the reactive
 * authorization filter does not pass the decision on).
 */
public final class ReactiveTokenScopes {

    /** Exchange attribute: the {@link Scope} a refused call needs. */
    public static final String REQUIRED_SCOPE = ReactiveTokenScopes.class.getName() + ".requiredScope";

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
                return authentication.map(a -> TokenScopes.holds(a, scope))
                        .defaultIfEmpty(false)
                        .map(granted -> {
                            if (!granted) {
                                context.getExchange().getAttributes().put(REQUIRED_SCOPE, scope);
                            }
                            return (AuthorizationDecision) new ScopeDecision(granted, scope);
                        });
            }

            @Override
            public String toString() {
                return "ReactiveTokenScopes.has(" + scope + ")";
            }
        };
    }
}
