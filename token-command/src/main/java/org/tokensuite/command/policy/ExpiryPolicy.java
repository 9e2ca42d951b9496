package org.tokensuite.command.policy;

import org.tokensuite.command.rule.TokenRuleViolation;

import java.time.Duration;
import java.time.Instant;

/** Every token expires, no later than the configured maximum lifetime; notBefore lies before expiry. */
public class ExpiryPolicy {

    private final Duration maxTtl;

    public ExpiryPolicy(Duration maxTtl) {
        if (maxTtl == null || maxTtl.isNegative() || maxTtl.isZero()) {
            throw new IllegalArgumentException("tokens.policy.max-ttl must be a positive duration");
        }
        this.maxTtl = maxTtl;
    }

    public Duration maxTtl() {
        return maxTtl;
    }

    /**
     * The expiry a lifetime gives. Compared with the maximum before adding: an absurd ttl such as
     * P9999999999999D would otherwise overflow Instant rather than be refused.
     */
    public Instant expiryAfter(Instant now, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new TokenRuleViolation("ttl must be a positive duration");
        }
        if (ttl.compareTo(maxTtl) > 0) {
            throw new TokenRuleViolation("ttl is beyond the maximum lifetime of " + maxTtl);
        }
        return now.plus(ttl);
    }

    public void check(Instant now, Instant notBefore, Instant expiresAt) {
        if (expiresAt == null) {
            throw new TokenRuleViolation("every token needs an expiry: give ttl or expiresAt");
        }
        if (!expiresAt.isAfter(now)) {
            throw new TokenRuleViolation("expiresAt " + expiresAt + " is not in the future");
        }
        if (Duration.between(now, expiresAt).compareTo(maxTtl) > 0) {
            throw new TokenRuleViolation("expiry is beyond the maximum lifetime of " + maxTtl
                    + " (latest allowed now: " + now.plus(maxTtl) + ")");
        }
        if (notBefore != null && !notBefore.isBefore(expiresAt)) {
            throw new TokenRuleViolation("notBefore must be before expiresAt");
        }
    }

    /** The wanted lifetime, cut down to the maximum (for tokens the system issues itself). */
    public Duration capped(Duration wanted) {
        return wanted.compareTo(maxTtl) > 0 ? maxTtl : wanted;
    }
}
