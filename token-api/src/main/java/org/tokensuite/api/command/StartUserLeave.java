package org.tokensuite.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;

public record StartUserLeave(
        @TargetAggregateIdentifier UserId userId,
        Actor actor,
        Cause cause) {
}
