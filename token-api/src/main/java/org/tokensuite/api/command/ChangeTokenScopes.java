package org.tokensuite.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenId;

import java.util.Set;

public record ChangeTokenScopes(
        @TargetAggregateIdentifier TokenId tokenId,
        Set<Scope> scopes,
        Set<Scope> actorScopes,
        Actor actor,
        Cause cause) {
}
