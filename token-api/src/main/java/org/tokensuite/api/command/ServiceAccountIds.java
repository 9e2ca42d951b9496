package org.tokensuite.api.command;

import org.tokensuite.api.value.UserId;

/**
 * A service account's aggregate id. Owner ids name both a person's {@code UserAccount} and a service account,
 * and the event store keys streams by id alone; the prefix (a colon no owner id may hold) keeps them apart.
 */
public final class ServiceAccountIds {

    public static final String PREFIX = "service-account:";

    private ServiceAccountIds() {
    }

    public static String aggregateId(UserId accountId) {
        return PREFIX + accountId.value();
    }
}
