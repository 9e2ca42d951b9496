package org.tokensuite.command.aggregate;

import java.time.Instant;

/**
 * Payloads of a token's persistent deadlines. Each names the moment it was scheduled for, so a
 * deadline made stale by a later rotation recognises itself and does nothing: no cancellation
 * (which would scan every scheduled task) is needed.
 */
public final class TokenDeadlines {

    public static final String EXPIRY = "token-expiry";
    public static final String ROTATION_DUE = "token-rotation-due";
    public static final String ROTATION_OVERDUE = "token-rotation-overdue";
    public static final String EXPIRY_WARNING = "token-expiry-warning";
    public static final String ROTATION_WARNING = "token-rotation-warning";

    private TokenDeadlines() {
    }

    public record ExpiryReached(Instant expiresAt) {
    }

    public record RotationDue(Instant dueAt) {
    }

    public record RotationOverdue(Instant dueAt) {
    }

    /** Time to warn that the token expires at {@code expiresAt}. */
    public record ExpiryWarning(Instant expiresAt) {
    }

    /** Time to warn that rotation falls due at {@code dueAt}. */
    public record RotationWarning(Instant dueAt) {
    }
}
