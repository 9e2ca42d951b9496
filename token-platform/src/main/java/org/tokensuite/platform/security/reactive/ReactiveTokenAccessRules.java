package org.tokensuite.platform.security.reactive;

import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * A reactive service's own exchange rules, as a bean, e.g.
 * {@code exchanges -> exchanges.pathMatchers(HttpMethod.GET, "/v1/tokens/**").access(ReactiveTokenScopes.has("tokens:read"))}.
 * Applied after the platform's public paths and before its defaults (other actuator endpoints need
 * {@code tokens:admin}; anything else an active token).
 */
@FunctionalInterface
public interface ReactiveTokenAccessRules {

    void define(ServerHttpSecurity.AuthorizeExchangeSpec exchanges);
}
