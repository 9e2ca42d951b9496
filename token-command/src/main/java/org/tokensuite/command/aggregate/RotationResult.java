package org.tokensuite.command.aggregate;

import java.time.Instant;

/** The outcome of a rotation: until when the old secret still verifies, and the token's version after it. */
public record RotationResult(String tokenId, Instant expiresAt, Instant previousValidUntil, long version) {
}
