package org.tokensuite.api.auth;

import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.Scopes;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.util.Set;

/**
 * The authenticated caller of an endpoint: the token it presented, its owner and scopes, and
 * whether the presented secret is a superseded one (still in its rotation overlap: good for
 * reading, never for changing anything).
 */
public record Caller(TokenId tokenId, UserId ownerId, Set<Scope> scopes, boolean superseded) {

    public Caller(TokenId tokenId, UserId ownerId, Set<Scope> scopes) {
        this(tokenId, ownerId, scopes, false);
    }

    public boolean holds(Scope wanted) {
        return Scopes.holds(scopes, wanted);
    }

    public Actor actor() {
        return Actor.token(tokenId, ownerId);
    }
}
