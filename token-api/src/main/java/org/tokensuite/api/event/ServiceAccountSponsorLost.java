package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/** The grace period ran out without a new sponsor: every token of the account is suspended ({@code sponsor_lost}). */
@Revision("1")
public record ServiceAccountSponsorLost(
        UserId accountId,
        UserId lostSponsor,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {

    @Override
    public UserId ownerId() {
        return accountId;
    }
}
