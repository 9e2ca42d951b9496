package org.tokensuite.command.rule;

/** A command cannot apply to the current state (revoked or expired token, offboarded user): 409. */
public class TokenStateConflict extends RuntimeException {

    public TokenStateConflict(String detail) {
        super(detail, null, false, false);
    }
}
