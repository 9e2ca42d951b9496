package org.tokensuite.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;

public record MarkTokenRotationDue(
        @TargetAggregateIdentifier TokenId tokenId,
        Actor actor,
        Cause cause) {
}
