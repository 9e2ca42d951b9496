package org.tokensuite.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;

/** The sponsor {@code lostSponsor} has left: the account starts its grace period (no effect if it has another sponsor by now). */
public record OrphanServiceAccount(
        UserId accountId,
        UserId lostSponsor,
        Actor actor,
        Cause cause) {

    /** The aggregate's id in the event store: prefixed, so it never meets the same owner's {@code UserAccount}. */
    @TargetAggregateIdentifier
    public String aggregateId() {
        return ServiceAccountIds.aggregateId(accountId);
    }
}
