package org.tokensuite.lifecycle.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The HR consumer at its last sample: events waiting on its partitions, how old the oldest is,
 * and whether it has held work without advancing for longer than the stall limit.
 *
 * @param lagEvents          records not yet committed on the partitions this instance consumes
 * @param lagSeconds         age of the oldest of them (its Kafka timestamp; when none has been
 *                           delivered yet, the time since its partition last advanced); 0 when caught up
 * @param stalledPartitions  partitions with work that have not advanced for longer than the limit
 * @param stalledFor         the longest of those waits
 * @param lastFailure        the latest failure on a partition still failing, or null
 * @param sampleError        why the last sample could not be taken, or null
 */
public record ConsumerStatus(String processor, long lagEvents, double lagSeconds, List<Integer> stalledPartitions,
                             Duration stalledFor, ConsumerFailure lastFailure, Instant sampledAt, String sampleError) {

    public static ConsumerStatus initial(String processor) {
        return new ConsumerStatus(processor, 0, 0, List.of(), Duration.ZERO, null, null, null);
    }

    public boolean stalled() {
        return !stalledPartitions.isEmpty();
    }

    ConsumerStatus withSampleError(String error) {
        return new ConsumerStatus(processor, lagEvents, lagSeconds, stalledPartitions, stalledFor, lastFailure, sampledAt, error);
    }
}
