package org.tokensuite.audit.progress;

import java.time.Duration;

/**
 * One processor as last measured: records waiting, age of the oldest, whether it is stalled,
 * how long since it last advanced (or had nothing to do), and the class of its last error.
 */
public record ProcessorState(String processor, long lagEvents, double lagSeconds, boolean stalled,
                             Duration sinceAdvance, String lastError, boolean measured) {

    static ProcessorState notMeasured() {
        return new ProcessorState(null, 0, 0, false, Duration.ZERO, null, false);
    }
}
