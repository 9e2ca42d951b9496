package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/**
 * A service account's new description, team and sponsor (all of them, as they are now), and the sponsor
 * before. When it was orphaned, a {@link ServiceAccountAdopted} follows.
 */
@Revision("1")
public record ServiceAccountChanged(
        UserId accountId,
        String description,
        UserId sponsor,
        String team,
        UserId previousSponsor,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {

    @Override
    public UserId ownerId() {
        return accountId;
    }
}
