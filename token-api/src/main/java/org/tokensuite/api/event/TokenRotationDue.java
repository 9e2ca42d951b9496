package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/** The rotation policy says rotate now; unless rotated by {@code expiresUnlessRotatedBy} the token expires. */
@Revision("1")
public record TokenRotationDue(
        TokenId tokenId,
        UserId ownerId,
        Instant dueAt,
        Instant expiresUnlessRotatedBy,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {
}
