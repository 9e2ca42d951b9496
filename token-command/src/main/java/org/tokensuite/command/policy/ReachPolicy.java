package org.tokensuite.command.policy;

import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.Scopes;
import org.tokensuite.api.value.UserId;

import java.util.Set;

/**
 * Which tokens a caller may manage (re-scope, rotate, suspend, reinstate, revoke): those with
 * its own owner id, those that descend from it, and any token for a holder of tokens:admin.
 * Scope rules still apply on top. Outside its reach a token is answered as if it did not exist,
 * so ids cannot be probed.
 */
public final class ReachPolicy {

    /** Where a token stands relative to the caller: its owner, and whether the caller is in its lineage. */
    public record Placement(UserId owner, boolean descendsFromCaller) {
    }

    public boolean reaches(UserId callerOwner, Set<Scope> callerScopes, Placement token) {
        return reachesEveryToken(callerScopes)
                || token.owner().equals(callerOwner)
                || token.descendsFromCaller();
    }

    /** An administrator's reach is every token. */
    public boolean reachesEveryToken(Set<Scope> callerScopes) {
        return Scopes.holds(callerScopes, Scope.ADMIN);
    }
}
