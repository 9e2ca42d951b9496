package org.tokensuite.command.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long before a token's expiry, and before its rotation falls due, its owner is warned. A
 * zero lead turns that warning off. A warning is only scheduled while its moment is still ahead:
 * whoever sets a deadline closer than the lead knows it already.
 */
public class ExpiryWarnings {

    private final Duration expiryLead;
    private final Duration rotationLead;

    public ExpiryWarnings(Duration expiryLead, Duration rotationLead) {
        if (expiryLead.isNegative()) {
            throw new IllegalArgumentException("tokens.policy.expiry-warning must not be negative");
        }
        if (rotationLead.isNegative()) {
            throw new IllegalArgumentException("tokens.policy.rotation-warning must not be negative");
        }
        this.expiryLead = expiryLead;
        this.rotationLead = rotationLead;
    }

    /** When to warn of an expiry at {@code expiresAt}, if at all. */
    public Optional<Instant> expiryWarningAt(Instant expiresAt, Instant now) {
        return warningAt(expiresAt, expiryLead, now);
    }

    /** When to warn of a rotation due at {@code dueAt}, if at all. */
    public Optional<Instant> rotationWarningAt(Instant dueAt, Instant now) {
        return warningAt(dueAt, rotationLead, now);
    }

    private static Optional<Instant> warningAt(Instant deadline, Duration lead, Instant now) {
        if (deadline == null || lead.isZero()) {
            return Optional.empty();
        }
        Instant at = deadline.minus(lead);
        return at.isAfter(now) ? Optional.of(at) : Optional.empty();
    }
}
