package org.tokensuite.command.auth;

/** The caller is authenticated but its scopes are too narrow for the call: 403. */
public class CallerForbidden extends RuntimeException {

    public CallerForbidden(String detail) {
        super(detail, null, false, false);
    }
}
