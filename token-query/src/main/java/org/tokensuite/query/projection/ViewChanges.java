package org.tokensuite.query.projection;

import org.springframework.stereotype.Component;
import org.tokensuite.platform.freshness.WakeUps;
import reactor.core.Disposable;

/**
 * Tells readers waiting for a token's row (a read that must not be older than a version) that the
 * token-view processor of this instance has committed a change to it, so they read again at once
 * instead of at their next recheck. Only a hint: a change committed by another instance's processor
 * (segments are shared between instances) is found by the recheck.
 */
@Component
public class ViewChanges {

    private final WakeUps wakeUps = new WakeUps();

    /** Runs {@code wake} once, after the next committed change of {@code tokenId}; dispose to stop waiting. */
    public Disposable onNextChange(String tokenId, Runnable wake) {
        return wakeUps.onNextChange(tokenId, wake)::close;
    }

    /** Called after the transaction that changed the token's row committed. */
    void changed(String tokenId) {
        wakeUps.changed(tokenId);
    }
}
