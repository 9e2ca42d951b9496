package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/** Final: the token reached its expiry, or missed its rotation deadline. */
@Revision("1")
public record TokenExpired(
        TokenId tokenId,
        UserId ownerId,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {
}
