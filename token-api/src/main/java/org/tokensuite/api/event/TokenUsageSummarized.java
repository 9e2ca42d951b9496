package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.time.Instant;
import java.util.Set;

/**
 * How a token was used in one window (one summary per token per window, never one event per
 * call). {@code scopesChecked} are the scopes introspection callers said they were about to
 * check. Published on {@code token-usage} by token-query.
 */
@Revision("1")
public record TokenUsageSummarized(
        TokenId tokenId,
        UserId ownerId,
        Instant windowStart,
        Instant windowEnd,
        long uses,
        Instant lastUsedAt,
        String lastSourceAddress,
        Set<String> scopesChecked,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {
}
