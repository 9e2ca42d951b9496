package org.tokensuite.command.aggregate;

import java.time.Instant;

/** The outcome of a rotation: until when the old secret still verifies. */
public record RotationResult(String tokenId, Instant expiresAt, Instant previousValidUntil) {
}
