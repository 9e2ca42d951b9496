package org.tokensuite.command.policy;

import org.tokensuite.api.value.RotationPolicy;
import org.tokensuite.command.rule.TokenRuleViolation;

import java.time.Duration;

/**
 * Bounds for rotation: how often a policy may demand it, how long an old secret may overlap the
 * new one, and the grace after a due rotation before the system expires the token.
 */
public class RotationRules {

    private final Duration minEvery;
    private final Duration maxEvery;
    private final Duration defaultOverlap;
    private final Duration maxOverlap;
    private final Duration grace;

    public RotationRules(Duration minEvery, Duration maxEvery, Duration defaultOverlap, Duration maxOverlap, Duration grace) {
        if (defaultOverlap.compareTo(maxOverlap) > 0) {
            throw new IllegalArgumentException("tokens.policy.default-rotation-overlap exceeds tokens.policy.max-rotation-overlap");
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("tokens.policy.rotation-grace must not be negative");
        }
        this.minEvery = minEvery;
        this.maxEvery = maxEvery;
        this.defaultOverlap = defaultOverlap;
        this.maxOverlap = maxOverlap;
        this.grace = grace;
    }

    public Duration defaultOverlap() {
        return defaultOverlap;
    }

    public Duration grace() {
        return grace;
    }

    public void check(RotationPolicy policy) {
        if (policy == null) {
            return;
        }
        if (policy.every().compareTo(minEvery) < 0) {
            throw new TokenRuleViolation("rotation.every must be at least " + minEvery);
        }
        if (policy.every().compareTo(maxEvery) > 0) {
            throw new TokenRuleViolation("rotation.every must be at most " + maxEvery);
        }
        checkOverlap(policy.overlap(), "rotation.overlap");
        if (policy.overlap().compareTo(policy.every()) >= 0) {
            throw new TokenRuleViolation("rotation.overlap must be shorter than rotation.every");
        }
    }

    /** The overlap a rotation gets: the requested one, else the token's policy, else the default. */
    public Duration overlapFor(Duration requested, RotationPolicy tokenPolicy) {
        if (requested != null) {
            checkOverlap(requested, "overlap");
            return requested;
        }
        return tokenPolicy != null ? tokenPolicy.overlap() : defaultOverlap;
    }

    private void checkOverlap(Duration overlap, String field) {
        if (overlap.isNegative()) {
            throw new TokenRuleViolation(field + " must not be negative");
        }
        if (overlap.compareTo(maxOverlap) > 0) {
            throw new TokenRuleViolation(field + " must be at most " + maxOverlap);
        }
    }
}
