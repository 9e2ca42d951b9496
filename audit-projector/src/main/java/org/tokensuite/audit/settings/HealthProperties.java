package org.tokensuite.audit.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code tokens.health.*}: {@code stallAfter} is how long a processor with work waiting may go
 * without advancing before readiness is DOWN.
 */
@ConfigurationProperties("tokens.health")
public record HealthProperties(Duration stallAfter) {

    public HealthProperties {
        if (stallAfter == null || stallAfter.isNegative() || stallAfter.isZero()) {
            throw new IllegalArgumentException("tokens.health.stall-after must be a positive duration");
        }
    }
}
