package org.tokensuite.audit.projection;

import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells readers waiting for a version of a token (a read with {@code X-Not-Older-Than}) that this instance's
 * audit-log processor has committed entries of that token, so they look again at once instead of at their
 * next recheck. Only a hint: what a reader decides on is what it reads from the log.
 */
@Component
public class LoggedTokens {

    private final ConcurrentHashMap<String, List<Runnable>> waiting = new ConcurrentHashMap<>();

    /** Runs {@code wake} once, after the next commit of entries of {@code tokenId}; close to stop waiting. */
    public Listening onNextEntry(String tokenId, Runnable wake) {
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

    /** A wait for a token's next entries; closing it forgets the wake-up if it has not run. */
    public interface Listening extends AutoCloseable {
        @Override
        void close();
    }

    /** Called after the transaction that appended entries of these tokens committed. */
    void committed(Collection<String> tokenIds) {
        for (String tokenId : tokenIds) {
            List<Runnable> woken = waiting.remove(tokenId);
            if (woken != null) {
                woken.forEach(Runnable::run);
            }
        }
    }
}
