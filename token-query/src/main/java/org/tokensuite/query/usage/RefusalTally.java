package org.tokensuite.query.usage;

import java.util.concurrent.atomic.LongAdder;

/**
 * Refused presentations of one token since its last TokenUseRefused: a count and the latest
 * reason and source, so a flood of attempts costs a counter increment each and becomes one signal.
 */
final class RefusalTally {

    private final LongAdder attempts = new LongAdder();
    private final LongAdder outsideAllowedCidrs = new LongAdder();
    volatile long firstMillis;
    volatile long lastMillis;
    volatile String reason;
    volatile String source;
    volatile String outsideSource;

    void add(String reason, String source, long nowMillis) {
        attempts.increment();
        if (firstMillis == 0) {
            firstMillis = nowMillis;
        }
        lastMillis = nowMillis;
        this.reason = reason;
        this.source = source;
        if (RefusalReasons.OUTSIDE_ALLOWED_CIDRS.equals(reason)) {
            outsideAllowedCidrs.increment();
            outsideSource = source;
        }
    }

    long pending() {
        return attempts.sum();
    }

    /** Takes the attempts counted so far (none is lost to a concurrent increment). */
    long drainAttempts() {
        return attempts.sumThenReset();
    }

    long drainOutsideAllowedCidrs() {
        return outsideAllowedCidrs.sumThenReset();
    }
}
