package org.tokensuite.command.aggregate;

import org.tokensuite.api.value.UserId;

import java.util.List;

/** Which owners are service accounts and which are people HR has spoken about; who sponsors what. */
public interface OwnerKinds {

    boolean isServiceAccount(UserId owner);

    /** HR or SCIM has changed this owner's standing at least once (offboarded, on leave, back). */
    boolean hasPersonStanding(UserId owner);

    /** The service accounts {@code sponsor} is accountable for now, in id order. */
    List<UserId> sponsoredBy(UserId sponsor);
}
