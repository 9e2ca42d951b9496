package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/** A service account exists, with the person accountable for it. {@code team} may be null. */
@Revision("1")
public record ServiceAccountRegistered(
        UserId accountId,
        String description,
        UserId sponsor,
        String team,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {

    @Override
    public UserId ownerId() {
        return accountId;
    }
}
