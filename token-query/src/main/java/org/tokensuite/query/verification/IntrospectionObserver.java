package org.tokensuite.query.verification;

import java.util.function.Supplier;

/**
 * Told of every introspection's outcome, on the request thread. The hook for usage tracking:
 * an implementation must only aggregate in memory (no I/O, no locks held long) so that
 * introspection stays fast; the client address is computed only if asked for.
 */
public interface IntrospectionObserver {

    IntrospectionObserver NONE = (verification, clientAddress) -> { };

    void introspected(Verification verification, Supplier<String> clientAddress);
}
