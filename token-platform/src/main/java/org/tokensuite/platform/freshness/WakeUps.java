package org.tokensuite.platform.freshness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way a read that must not be older than a version (read-your-writes) learns that its key, a token, has
 * changed: it registers a wake-up before it reads, and the service's processor wakes every registered reader of the
 * keys a transaction changed, after that transaction commits. Each wake-up runs at most once; a reader that stops
 * waiting closes its registration. Only a hint: what a reader decides on is what it reads, so a change committed
 * elsewhere (another instance's processor) is found by the reader's own recheck.
 */
public final class WakeUps {

    private final ConcurrentHashMap<String, List<Runnable>> waiting = new ConcurrentHashMap<>();

    /** A registered wake-up; closing it forgets the wake-up if it has not run. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs {@code wake} once, at the next {@link #changed} of {@code key}. */
    public Registration onNextChange(String key, Runnable wake) {
        waiting.compute(key, (k, wakes) -> {
            List<Runnable> all = wakes == null ? new ArrayList<>(2) : wakes;
            all.add(wake);
            return all;
        });
        return () -> waiting.computeIfPresent(key, (k, wakes) -> {
            wakes.remove(wake);
            return wakes.isEmpty() ? null : wakes;
        });
    }

    /** Wakes, once, everyone waiting for {@code key}; call it after the change committed. */
    public void changed(String key) {
        List<Runnable> woken = waiting.remove(key);
        if (woken != null) {
            woken.forEach(Runnable::run);
        }
    }

    /** As {@link #changed(String)}, for each key. */
    public void changed(Collection<String> keys) {
        keys.forEach(this::changed);
    }
}
