package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/**
 * An orphaned account has a new sponsor: the grace period ends, and when its tokens had already been
 * suspended for the lost sponsor ({@code tokensWereSuspended}), they are reinstated.
 */
@Revision("1")
public record ServiceAccountAdopted(
        UserId accountId,
        UserId sponsor,
        boolean tokensWereSuspended,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {

    @Override
    public UserId ownerId() {
        return accountId;
    }
}
