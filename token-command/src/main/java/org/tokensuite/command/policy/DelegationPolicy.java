package org.tokensuite.command.policy;

import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.Scopes;
import org.tokensuite.api.value.UserId;

import java.util.Set;

/**
 * Issuing a token for one's own owner id needs tokens:issue; for anyone else it also needs
 * tokens:delegate, so an ordinary issuer cannot mint credentials in another person's name.
 */
public final class DelegationPolicy {

    public static final Scope DELEGATE = Scope.of("tokens:delegate");

    public boolean mayIssueFor(UserId callerOwner, Set<Scope> callerScopes, UserId owner) {
        return owner.equals(callerOwner) || Scopes.holds(callerScopes, DELEGATE);
    }
}
