package org.tokensuite.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenHash;
import org.tokensuite.api.value.TokenId;

import java.time.Duration;

/** Replace the secret; {@code overlap} null means the configured default. */
public record RotateToken(
        @TargetAggregateIdentifier TokenId tokenId,
        TokenHash secretHash,
        String hint,
        Duration overlap,
        Actor actor,
        Cause cause) {
}
