package org.tokensuite.command.command;

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

    private TokenDeadlines() {
    }

    public record ExpiryReached(Instant expiresAt) {
    }

    public record RotationDue(Instant dueAt) {
    }

    public record RotationOverdue(Instant dueAt) {
    }
}
