package org.tokensuite.command.policy;

import org.tokensuite.api.value.UserId;

import java.util.Set;

/**
 * The owner ids the suite uses for itself (the bootstrap admin, lifecycle-listener). They are not
 * people: no HR feed, SCIM call or offboarding request may revoke, suspend or reinstate them as
 * such, or the suite could be switched off by the very feed it processes.
 */
public final class SuitePrincipals {

    private final Set<UserId> reserved;

    public SuitePrincipals(Set<UserId> reserved) {
        this.reserved = Set.copyOf(reserved);
    }

    public boolean isReserved(UserId owner) {
        return reserved.contains(owner);
    }
}
