package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.time.Instant;
import java.util.Set;

/** The new set replaces the old one entirely. */
@Revision("1")
public record TokenScopesChanged(
        TokenId tokenId,
        UserId ownerId,
        Set<Scope> scopes,
        Set<Scope> previousScopes,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {
}
