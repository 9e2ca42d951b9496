package org.tokensuite.query.web;

import java.util.List;

import org.springframework.web.util.pattern.PathPatternParser;

import org.springframework.web.util.pattern.PathPattern;

import org.springframework.http.server.PathContainer;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.Scope;
import org.tokensuite.platform.security.reactive.ReactiveTokenAccessRules;
import org.tokensuite.platform.security.reactive.ReactiveTokenScopes;

/**
 * Which scope token-query's own endpoints need, under token-platform's Spring Security chain: the token
 * inventory and the scope catalogue {@code tokens:read}, the operator commands {@code tokens:admin}. The RFC 7662 endpoints are not
 * here: they authenticate their callers in {@link IntrospectionHandler} (see README, "Callers").
 */
@Component
public class QueryAccess implements ReactiveTokenAccessRules {

    static final Scope READ = Scope.of("tokens:read");
    static final Scope ADMIN = Scope.ADMIN;

    /** One table for both the chain's rules and the scope a use is recorded with, so they cannot drift apart. */
    private static final List<PathRule> RULES = List.of(
            new PathRule(List.of("/v1/tokens", "/v1/tokens/**", "/v1/systems", "/v1/systems/**"), READ),
            new PathRule(List.of("/v1/service-accounts", "/v1/service-accounts/**", "/v1/sponsors", "/v1/users/*/impact"), READ),
            new PathRule(List.of("/v1/admin/**"), ADMIN));

    @Override
    public void define(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
        for (PathRule rule : RULES) {
            exchanges.pathMatchers(rule.patterns().toArray(String[]::new)).access(ReactiveTokenScopes.has(rule.scope()));
        }
    }

    /**
     * The scope a request to one of these endpoints is checked for, recorded as a use of the caller's token
     * (scope advice counts it); null for any other path.
     */
    static Scope requiredScope(ServerHttpRequest request) {
        PathContainer path = request.getPath().pathWithinApplication();
        for (PathRule rule : RULES) {
            if (rule.matches(path)) {
                return rule.scope();
            }
        }
        return null;
    }

    private record PathRule(List<String> patterns, Scope scope, List<PathPattern> parsed) {

        PathRule(List<String> patterns, Scope scope) {
            this(patterns, scope, patterns.stream().map(PathPatternParser.defaultInstance::parse).toList());
        }

        boolean matches(PathContainer path) {
            return parsed.stream().anyMatch(pattern -> pattern.matches(path));
        }
    }
}
