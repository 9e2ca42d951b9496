package org.tokensuite.lifecycle.command;

/** What token-command is asked to do to a user's tokens, and the endpoint that does it. */
public enum UserAction {
    OFFBOARD("offboard"),
    SUSPEND("suspend"),
    REINSTATE("reinstate");

    private final String pathSegment;

    UserAction(String pathSegment) {
        this.pathSegment = pathSegment;
    }

    public String pathSegment() {
        return pathSegment;
    }
}
