package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/**
 * A security signal from verification: someone presented a known token that is not valid now
 * ({@code reason}: revoked, suspended, expired, rotated_out, not_yet_valid, outside_allowed_cidrs,
 * owner_offboarded, owner_on_leave). Rate-limited per token: {@code attempts} counts the
 * refusals folded into this one signal since {@code firstAttemptAt}. Published on
 * {@code token-signals} by token-query.
 */
@Revision("1")
public record TokenUseRefused(
        TokenId tokenId,
        UserId ownerId,
        String reason,
        String sourceAddress,
        long attempts,
        Instant firstAttemptAt,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {
}
