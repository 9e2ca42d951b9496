package org.tokensuite.command.health;

import java.time.Duration;
import java.time.Instant;

/**
 * One processor's progress as last sampled: how far behind it is, in events and in time, and
 * whether it has work yet has not moved for longer than the stall limit. Immutable; the sampler
 * replaces it on every round.
 */
public record ProcessorProgress(String processor, long lagEvents, long lagSeconds, long position,
                                Instant lastAdvancedAt, String lastError, boolean stalled) {

    static ProcessorProgress first(String processor, long lagEvents, long lagSeconds, long position, String error, Instant now) {
        return new ProcessorProgress(processor, lagEvents, lagSeconds, position, now, error, false);
    }

    /** The next sample: the clock of "last advanced" restarts when the position moved or nothing is waiting. */
    ProcessorProgress next(long lagEvents, long lagSeconds, long position, String error, Instant now, Duration stallAfter) {
        boolean advanced = position != this.position || lagEvents == 0;
        Instant since = advanced ? now : lastAdvancedAt;
        String lastError = error != null ? error : (advanced ? null : this.lastError);
        boolean stalled = lagEvents > 0 && Duration.between(since, now).compareTo(stallAfter) > 0;
        return new ProcessorProgress(processor, lagEvents, lagSeconds, position, since, lastError, stalled);
    }
}
