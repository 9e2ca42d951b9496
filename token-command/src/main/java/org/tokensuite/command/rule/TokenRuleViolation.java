package org.tokensuite.command.rule;

/** A command breaks a rule of the house (expiry, scopes, rotation, network limits): the caller must change it (400). */
public class TokenRuleViolation extends RuntimeException {

    public TokenRuleViolation(String detail) {
        super(detail, null, false, false);
    }
}
