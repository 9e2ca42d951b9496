package org.tokensuite.lifecycle.web;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.Scope;
import org.tokensuite.platform.security.TokenScopes;
import org.tokensuite.platform.security.servlet.TokenAccessRules;

/**
 * SCIM offboards people: every {@code /scim/} endpoint, discovery included, needs {@code users:offboard}
 * (ending a leave over SCIM also needs users:suspend, checked where it is sent). Metrics need
 * tokens:admin: token-platform's default.
 */
@Component
public class LifecycleAccess implements TokenAccessRules {

    static final Scope SCIM_SCOPE = Scope.of("users:offboard");

    @Override
    public void define(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher("/scim/**")).access(TokenScopes.has(SCIM_SCOPE));
    }
}
