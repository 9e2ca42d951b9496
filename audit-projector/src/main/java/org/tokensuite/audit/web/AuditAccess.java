package org.tokensuite.audit.web;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.Scope;
import org.tokensuite.platform.security.TokenScopes;
import org.tokensuite.platform.security.servlet.TokenAccessRules;

/**
 * Every endpoint here reads the audit log: all of them need {@code audit:read}. Health is public and the
 * other actuator endpoints need tokens:admin (token-platform's defaults).
 */
@Component
public class AuditAccess implements TokenAccessRules {

    public static final Scope AUDIT_READ = Scope.of("audit:read");

    @Override
    public void define(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(new NegatedRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/actuator/**")))
                .access(TokenScopes.has(AUDIT_READ));
    }
}
