package org.tokensuite.lifecycle.progress;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How long the HR consumer may hold work without advancing before readiness says so
 * ({@code tokens.health.stall-after}).
 */
@ConfigurationProperties("tokens.health")
public record HealthProperties(Duration stallAfter) {

    private static final Duration MIN_SAMPLE = Duration.ofMillis(200);
    private static final Duration MAX_SAMPLE = Duration.ofSeconds(5);

    public HealthProperties {
        stallAfter = stallAfter == null || stallAfter.isNegative() || stallAfter.isZero() ? Duration.ofSeconds(30) : stallAfter;
    }

    /** How often lag is measured: often enough to notice a stall within about a quarter of its limit. */
    public Duration sampleInterval() {
        Duration quarter = stallAfter.dividedBy(4);
        if (quarter.compareTo(MIN_SAMPLE) < 0) {
            return MIN_SAMPLE;
        }
        return quarter.compareTo(MAX_SAMPLE) > 0 ? MAX_SAMPLE : quarter;
    }
}
