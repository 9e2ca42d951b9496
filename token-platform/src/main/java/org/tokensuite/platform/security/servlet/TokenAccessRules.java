package org.tokensuite.platform.security.servlet;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own request rules, as a bean: which paths need which scope, e.g.
 * {@code requests -> requests.requestMatchers(HttpMethod.POST, "/v1/reports").access(TokenScopes.has("reports:write"))}.
 * The platform applies them after its public paths (health, API docs) and before its defaults (other
 * actuator endpoints need {@code tokens:admin}; anything else an active token).
 */
@FunctionalInterface
public interface TokenAccessRules {

    void define(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);
}
