package org.tokensuite.command.aggregate;

import org.tokensuite.api.value.UserId;

/**
 * Serialises every change of an owner's standing with every issue for that owner: the lock is
 * held until the surrounding transaction ends, so an issue racing with an offboarding either
 * commits first (and is then revoked) or sees the offboarding (and is refused).
 */
public interface OwnerGate {

    /** Takes the owner's lock for the current transaction and answers where the owner stands. */
    OwnerStanding lockOwner(UserId owner);
}
