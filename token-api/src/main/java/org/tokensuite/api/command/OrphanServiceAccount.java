package org.tokensuite.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;

/** The sponsor {@code lostSponsor} has left: the account starts its grace period (no effect if it has another sponsor by now). */
public record OrphanServiceAccount(
        @TargetAggregateIdentifier UserId accountId,
        UserId lostSponsor,
        Actor actor,
        Cause cause) {
}
