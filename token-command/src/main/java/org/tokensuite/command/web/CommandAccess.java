package org.tokensuite.command.web;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.Scope;
import org.tokensuite.platform.security.TokenScopes;
import org.tokensuite.platform.security.servlet.TokenAccessRules;

/**
 * Which scope each endpoint needs (the platform authenticates every caller, refuses superseded secrets on
 * changes and keeps metrics for tokens:admin). Rules that depend on the request's content stay with their
 * endpoint: issuing for another owner id also needs tokens:delegate, rotating a token other than the
 * presented one needs tokens:issue, and every token must be within the caller's reach.
 */
@Component
public class CommandAccess implements TokenAccessRules {

    static final Scope ISSUE = Scope.of("tokens:issue");
    static final Scope REVOKE = Scope.of("tokens:revoke");
    static final Scope OFFBOARD = Scope.of("users:offboard");
    static final Scope SUSPEND = Scope.of("users:suspend");
    static final Scope ADMIN = Scope.ADMIN;

    @Override
    public void define(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        requests.requestMatchers(paths.matcher(HttpMethod.POST, "/v1/tokens"),
                        paths.matcher(HttpMethod.PUT, "/v1/tokens/{id}/scopes"))
                .access(TokenScopes.has(ISSUE));
        requests.requestMatchers(paths.matcher(HttpMethod.POST, "/v1/tokens/{id}/revoke"),
                        paths.matcher(HttpMethod.POST, "/v1/tokens/{id}/suspend"),
                        paths.matcher(HttpMethod.POST, "/v1/tokens/{id}/reinstate"),
                        // A selector bound to no owner and no issuer also needs tokens:admin (RevocationController).
                        paths.matcher(HttpMethod.POST, "/v1/revocations"))
                .access(TokenScopes.has(REVOKE));
        requests.requestMatchers(paths.matcher(HttpMethod.POST, "/v1/users/{userId}/offboard")).access(TokenScopes.has(OFFBOARD));
        requests.requestMatchers(paths.matcher(HttpMethod.POST, "/v1/users/{userId}/suspend"),
                        paths.matcher(HttpMethod.POST, "/v1/users/{userId}/reinstate"))
                .access(TokenScopes.has(SUSPEND));
        requests.requestMatchers(paths.matcher(HttpMethod.PUT, "/v1/service-accounts/{accountId}")).access(TokenScopes.has(ADMIN));
        // Authenticated by the report's signature (LeakReportController), not by a bearer token: scanners hold none.
        requests.requestMatchers(paths.matcher(HttpMethod.POST, "/v1/leaks")).permitAll();
        requests.requestMatchers(paths.matcher(HttpMethod.PUT, "/v1/systems/{system}")).access(TokenScopes.has(ADMIN));
    }
}
