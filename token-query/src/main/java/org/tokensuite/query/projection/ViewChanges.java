package org.tokensuite.query.projection;

import org.springframework.stereotype.Component;
import reactor.core.Disposable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells readers waiting for a token's row (a read that must not be older than a version) that the
 * token-view processor of this instance has committed a change to it, so they read again at once
 * instead of at their next recheck. Only a hint: a change committed by another instance's processor
 * (segments are shared between instances) is found by the recheck.
 */
@Component
public class ViewChanges {

    private final ConcurrentHashMap<String, List<Runnable>> waiting = new ConcurrentHashMap<>();

    /** Runs {@code wake} once, after the next committed change of {@code tokenId}; dispose to stop waiting. */
    public Disposable onNextChange(String tokenId, Runnable wake) {
        waiting.compute(tokenId, (id, wakes) -> {
            List<Runnable> all = wakes == null ? new ArrayList<>(2) : wakes;
            all.add(wake);
            return all;
        });
        return () -> waiting.computeIfPresent(tokenId, (id, wakes) -> {
            wakes.remove(wake);
            return wakes.isEmpty() ? null : wakes;
        });
    }

    /** Called after the transaction that changed the token's row committed. */
    void changed(String tokenId) {
        List<Runnable> woken = waiting.remove(tokenId);
        if (woken != null) {
            woken.forEach(Runnable::run);
        }
    }
}
