package org.tokensuite.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;

/**
 * Register a service account, or change its description, team or sponsor (the person accountable for it).
 * Its id is an owner id like a person's; from now on HR and SCIM may not treat it as a person.
 */
public record RegisterServiceAccount(
        UserId accountId,
        String description,
        UserId sponsor,
        String team,
        Actor actor,
        Cause cause) {

    public static final int MAX_DESCRIPTION_LENGTH = 500;
    public static final int MAX_TEAM_LENGTH = 100;

    /** The aggregate's id in the event store: prefixed, so it never meets the same owner's {@code UserAccount}. */
    @TargetAggregateIdentifier
    public String aggregateId() {
        return ServiceAccountIds.aggregateId(accountId);
    }
}
