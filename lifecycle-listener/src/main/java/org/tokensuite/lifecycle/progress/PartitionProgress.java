package org.tokensuite.lifecycle.progress;

import java.time.Instant;

/** What is known about one partition: written by the consumer thread and the sampler, read by both. */
final class PartitionProgress {

    /** Last time the partition advanced or had nothing to do. */
    volatile Instant progressAt;
    /** Kafka timestamp (ms) of the record being handled and not yet committed, or null. */
    volatile Long pendingTimestamp;
    /** The last delivery failed and nothing succeeded since. */
    volatile boolean failing;
    volatile ConsumerFailure lastFailure;
    /** The group's committed offset at the last sample, or null. */
    volatile Long committed;

    PartitionProgress(Instant now) {
        this.progressAt = now;
    }

    void advanced(Instant now) {
        progressAt = now;
        pendingTimestamp = null;
        failing = false;
    }
}
