package org.tokensuite.lifecycle.command;

import org.tokensuite.api.value.UserId;

/** A command aimed at one of the suite's own principals: never sent, whoever asked. */
public class ReservedPrincipalRefused extends RuntimeException {

    private final UserId user;

    public ReservedPrincipalRefused(UserId user) {
        super("'" + user + "' is one of the suite's own principals, not a person; it cannot be offboarded, "
                + "suspended or reinstated here", null, false, false);
        this.user = user;
    }

    public UserId user() {
        return user;
    }
}
