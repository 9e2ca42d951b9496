package org.tokensuite.platform.security;

import org.springframework.security.authorization.AuthorizationDecision;
import org.tokensuite.api.value.Scope;

/** An authorization decision about one scope, so a refusal can name the scope the call needs. */
public class ScopeDecision extends AuthorizationDecision {

    private final Scope scope;

    public ScopeDecision(boolean granted, Scope scope) {
        super(granted);
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }
}
