package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/**
 * The account's sponsor left. Its tokens keep working until {@code graceEndsAt}; then they are suspended
 * unless a new sponsor was assigned.
 */
@Revision("1")
public record ServiceAccountOrphaned(
        UserId accountId,
        UserId lostSponsor,
        Instant graceEndsAt,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {

    @Override
    public UserId ownerId() {
        return accountId;
    }
}
