package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/**
 * A deadline is near, so the owner can be told: {@code deadline} is {@code expiry} or
 * {@code rotation}. Recorded once per token and deadline.
 */
@Revision("1")
public record TokenExpiryApproaching(
        TokenId tokenId,
        UserId ownerId,
        String deadline,
        Instant dueAt,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {

    public static final String EXPIRY = "expiry";
    public static final String ROTATION = "rotation";
}
