package org.tokensuite.query.web;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.Scope;
import org.tokensuite.platform.security.reactive.ReactiveTokenAccessRules;
import org.tokensuite.platform.security.reactive.ReactiveTokenScopes;

/**
 * Which scope token-query's own endpoints need, under token-platform's Spring Security chain: the token
 * inventory {@code tokens:read}, the operator commands {@code tokens:admin}. The RFC 7662 endpoints are not
 * here: they authenticate their callers in {@link IntrospectionHandler} (see README, "Callers").
 */
@Component
public class QueryAccess implements ReactiveTokenAccessRules {

    static final Scope READ = Scope.of("tokens:read");
    static final Scope ADMIN = Scope.ADMIN;

    @Override
    public void define(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
        exchanges.pathMatchers("/v1/tokens", "/v1/tokens/**").access(ReactiveTokenScopes.has(READ));
        exchanges.pathMatchers("/v1/admin/**").access(ReactiveTokenScopes.has(ADMIN));
    }

    /**
     * The scope a request to one of these endpoints is checked for, recorded as a use of the caller's token
     * (scope advice counts it); null for any other path.
     */
    static Scope requiredScope(ServerHttpRequest request) {
        String path = request.getPath().pathWithinApplication().value();
        if (path.equals("/v1/tokens") || path.startsWith("/v1/tokens/")) {
            return READ;
        }
        if (path.startsWith("/v1/admin/")) {
            return ADMIN;
        }
        return null;
    }
}
