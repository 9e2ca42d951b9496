package org.tokensuite.platform.security.reactive;

import java.util.List;

/**
 * Paths whose handlers authenticate their callers themselves, so the security chain does not touch them
 * at all (token-query's RFC 7662 endpoints, the verifier's hot path, with rules of their own). A bean; use
 * sparingly: these paths get none of the platform's checks.
 */
public record SelfAuthenticatedPaths(List<String> patterns) {

    public SelfAuthenticatedPaths {
        patterns = List.copyOf(patterns);
    }
}
