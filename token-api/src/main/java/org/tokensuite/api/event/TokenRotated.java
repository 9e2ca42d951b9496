package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenHash;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/**
 * A new secret replaces the old; the old one still verifies until {@code previousValidUntil}.
 * {@code nextRotationDue} is null for tokens without a rotation policy.
 */
@Revision("1")
public record TokenRotated(
        TokenId tokenId,
        UserId ownerId,
        TokenHash secretHash,
        String hint,
        TokenHash previousSecretHash,
        Instant previousValidUntil,
        Instant nextRotationDue,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {
}
