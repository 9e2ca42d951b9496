package org.tokensuite.command.aggregate;

import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;

import java.util.Set;

/**
 * How many of an owner's tokens a change of standing will touch, counted under the owner's lock
 * in the command's transaction, so the answer is what the change actually affects.
 */
public interface OwnerTokens {

    int count(UserId owner, Set<TokenState> states);

    int countSuspended(UserId owner, SuspensionReason reason);
}
