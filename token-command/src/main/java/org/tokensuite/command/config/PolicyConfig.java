package org.tokensuite.command.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.bootstrap.BootstrapProperties;
import org.tokensuite.command.policy.DelegationPolicy;
import org.tokensuite.command.policy.ExpiryPolicy;
import org.tokensuite.command.policy.ReachPolicy;
import org.tokensuite.command.policy.SuitePrincipals;
import org.tokensuite.command.policy.ExpiryWarnings;
import org.tokensuite.command.policy.NetworkPolicy;
import org.tokensuite.command.policy.OrphanGrace;
import org.tokensuite.command.policy.RotationRules;
import org.tokensuite.command.policy.ScopeCatalogue;
import org.tokensuite.command.policy.ScopePolicy;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/** The policy objects, built from {@code tokens.policy.*}; the aggregates receive them as handler parameters. */
@Configuration(proxyBeanMethods = false)
public class PolicyConfig {

    @Bean
    public ExpiryPolicy expiryPolicy(TokenPolicyProperties properties) {
        return new ExpiryPolicy(properties.maxTtl());
    }

    @Bean
    public ScopePolicy scopePolicy(ScopeCatalogue catalogue) {
        return new ScopePolicy(catalogue);
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
    public OrphanGrace orphanGrace(ServiceAccountProperties properties) {
        return new OrphanGrace(properties.gracePeriod());
    }

    @Bean
    public ReachPolicy reachPolicy() {
        return new ReachPolicy();
    }

    @Bean
    public DelegationPolicy delegationPolicy() {
        return new DelegationPolicy();
    }

    /** The configured principals plus the bootstrap admin's owner, whatever it is called. */
    @Bean
    public SuitePrincipals suitePrincipals(PrincipalProperties principals, BootstrapProperties bootstrap) {
        Set<UserId> reserved = new HashSet<>();
        for (String id : principals.reserved()) {
            if (!id.isBlank()) {
                reserved.add(new UserId(id.trim()));
            }
        }
        if (UserId.isValid(bootstrap.ownerId())) {
            reserved.add(new UserId(bootstrap.ownerId()));
        }
        return new SuitePrincipals(reserved);
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
