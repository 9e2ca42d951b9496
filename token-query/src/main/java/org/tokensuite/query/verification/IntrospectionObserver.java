package org.tokensuite.query.verification;

import java.util.function.Supplier;

/**
 * Told of every verification's outcome, on the request thread: the token being introspected,
 * and a calling service's own credential. The hook for usage tracking: an implementation must
 * only aggregate in memory (no I/O, no locks) so that introspection stays fast; the client
 * address is computed only if asked for.
 */
public interface IntrospectionObserver {

    IntrospectionObserver NONE = (verification, clientAddress, checkedScopes) -> { };

    /**
     * @param checkedScopes what the caller said it is about to check (space-separated, unvalidated), or null
     */
    void introspected(Verification verification, Supplier<String> clientAddress, String checkedScopes);
}
