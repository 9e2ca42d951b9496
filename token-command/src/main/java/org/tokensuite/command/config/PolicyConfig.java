package org.tokensuite.command.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.command.policy.ExpiryPolicy;
import org.tokensuite.command.policy.ExpiryWarnings;
import org.tokensuite.command.policy.NetworkPolicy;
import org.tokensuite.command.policy.RotationRules;
import org.tokensuite.command.policy.ScopePolicy;

import java.time.Clock;
import java.util.List;

/** The policy objects, built from {@code tokens.policy.*}; the aggregates receive them as handler parameters. */
@Configuration(proxyBeanMethods = false)
public class PolicyConfig {

    @Bean
    public ExpiryPolicy expiryPolicy(TokenPolicyProperties properties) {
        return new ExpiryPolicy(properties.maxTtl());
    }

    @Bean
    public ScopePolicy scopePolicy(TokenPolicyProperties properties) {
        List<String> known = properties.knownScopes() == null ? List.of() : properties.knownScopes();
        return ScopePolicy.of(known);
    }

    @Bean
    public RotationRules rotationRules(TokenPolicyProperties properties) {
        return new RotationRules(properties.minRotationEvery(), properties.maxTtl(),
                properties.defaultRotationOverlap(), properties.maxRotationOverlap(), properties.rotationGrace());
    }

    @Bean
    public ExpiryWarnings expiryWarnings(TokenPolicyProperties properties) {
        return new ExpiryWarnings(properties.expiryWarning(), properties.rotationWarning());
    }

    @Bean
    public NetworkPolicy networkPolicy(TokenPolicyProperties properties) {
        return new NetworkPolicy(properties.maxAllowedCidrs());
    }

    @Bean
    public TokenSecrets tokenSecrets() {
        return new TokenSecrets();
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
