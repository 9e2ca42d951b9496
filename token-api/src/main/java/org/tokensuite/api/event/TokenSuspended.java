package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/** Temporarily not verifying (for example while its owner is on leave). */
@Revision("1")
public record TokenSuspended(
        TokenId tokenId,
        UserId ownerId,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {
}
