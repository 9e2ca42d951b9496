package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Cidr;
import org.tokensuite.api.value.RotationPolicy;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenHash;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A token exists. Carries the secret's hash and hint, never the secret. */
@Revision("1")
public record TokenIssued(
        TokenId tokenId,
        UserId ownerId,
        String name,
        Set<Scope> scopes,
        TokenHash secretHash,
        String hint,
        Instant notBefore,
        Instant expiresAt,
        List<Cidr> allowedCidrs,
        RotationPolicy rotation,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {
}
