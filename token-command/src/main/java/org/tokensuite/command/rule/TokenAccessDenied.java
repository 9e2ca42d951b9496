package org.tokensuite.command.rule;

/** The caller may not do this to this token (for example rotate a token broader than its own scopes): 403. */
public class TokenAccessDenied extends RuntimeException {

    public TokenAccessDenied(String detail) {
        super(detail, null, false, false);
    }
}
