package org.tokensuite.command.web;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.TokenExpired;
import org.tokensuite.api.event.TokenRevoked;
import org.tokensuite.api.event.TokenRotated;
import org.tokensuite.api.event.TokenScopesChanged;
import org.tokensuite.api.event.TokenSuspended;
import org.tokensuite.platform.security.CallerCache;

/**
 * Tells the caller cache (token-platform's, {@code tokens.resource-server.cache-ttl}) about every change this
 * instance makes to what a token may do, so a token revoked, suspended, rotated or re-scoped here is
 * never served from memory afterwards. Subscribing: it runs in the command's own unit of work.
 */
@Component
@ProcessingGroup(CallerCacheInvalidation.PROCESSING_GROUP)
public class CallerCacheInvalidation {

    public static final String PROCESSING_GROUP = "caller-cache";

    private final CallerCache cache;

    public CallerCacheInvalidation(CallerCache cache) {
        this.cache = cache;
    }

    @EventHandler
    void on(TokenRevoked event) {
        cache.tokenChanged(event.tokenId());
    }

    @EventHandler
    void on(TokenSuspended event) {
        cache.tokenChanged(event.tokenId());
    }

    @EventHandler
    void on(TokenRotated event) {
        cache.tokenChanged(event.tokenId());
    }

    @EventHandler
    void on(TokenScopesChanged event) {
        cache.tokenChanged(event.tokenId());
    }

    @EventHandler
    void on(TokenExpired event) {
        cache.tokenChanged(event.tokenId());
    }
}
