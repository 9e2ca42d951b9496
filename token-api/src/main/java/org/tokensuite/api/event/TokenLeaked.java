package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/**
 * A token's secret (or, with {@code supersededSecret}, one it had before a rotation) was found in the open. A
 * live token is revoked right after ({@code TokenRevoked}, reason "leaked"). Recorded once per token.
 */
@Revision("1")
public record TokenLeaked(
        TokenId tokenId,
        UserId ownerId,
        boolean supersededSecret,
        String type,
        String url,
        String source,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {
}
