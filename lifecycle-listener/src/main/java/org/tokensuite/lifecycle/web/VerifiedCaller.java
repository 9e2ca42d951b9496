package org.tokensuite.lifecycle.web;

import java.util.Set;

/**
 * The caller behind a verified bearer token: its token id, owner and scopes.
 *
 * <p>Stands in for token-api's {@code Caller}: the installed token-api's {@code Scope} cannot be
 * initialised (its {@code ADMIN} constant is built before the {@code FORMAT} pattern it needs, so
 * the class fails with ExceptionInInitializerError), and {@code Caller}/{@code IntrospectionClient.authenticate}
 * both go through it. Once that is fixed, this can give way to {@code Caller}.
 */
public record VerifiedCaller(String tokenId, String ownerId, Set<String> scopes) {

    static final String ADMIN = "tokens:admin";

    /** The suite's scope rule: {@code tokens:admin} holds every scope, {@code system:*} every action of its system. */
    public boolean holds(String wanted) {
        if (scopes.contains(ADMIN) || scopes.contains(wanted)) {
            return true;
        }
        int colon = wanted.indexOf(':');
        return colon > 0 && scopes.contains(wanted.substring(0, colon) + ":*");
    }
}
