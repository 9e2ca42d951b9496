package org.tokensuite.command.auth;

/** No authenticated caller: 401. */
public class CallerNotAuthenticated extends RuntimeException {

    public CallerNotAuthenticated() {
        super("a bearer token of this suite is required", null, false, false);
    }
}
