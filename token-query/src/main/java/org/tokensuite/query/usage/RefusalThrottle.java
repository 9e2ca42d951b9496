package org.tokensuite.query.usage;

import java.time.Duration;

/**
 * When one token's next {@code TokenUseRefused} may go out: the first at once, then at most one
 * per {@code tokens.signals.refusal-interval} (per instance; attempts in between wait, counted, for
 * the next). One per token, kept with its tally and forgotten with it; flush thread only.
 */
final class RefusalThrottle {

    private boolean signalled;
    private long lastSignalMillis;

    /** Whether a signal may go out at {@code nowMillis}; if so, it counts as sent. */
    boolean admit(long nowMillis, Duration interval) {
        if (signalled && nowMillis - lastSignalMillis < interval.toMillis()) {
            return false;
        }
        signalled = true;
        lastSignalMillis = nowMillis;
        return true;
    }
}
