package org.tokensuite.query.index;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;

/**
 * How far the index is behind the topic, as last seen by the feeding thread. Read on every
 * introspection (a few volatile reads), written by the feeder.
 */
public class IndexProgress {

    private volatile boolean caughtUp;
    private volatile long lag = Long.MAX_VALUE;
    private volatile long endOffsetsConfirmedAtMillis;
    private volatile String failure;
    private volatile long eventsApplied;
    private volatile long recordsSkipped;
    private volatile Map<TopicPartition, Long> positions = Map.of();
    private volatile String lastError;
    private Map<TopicPartition, Long> startTargets;
    private Map<TopicPartition, Long> endOffsets;

    /** The end offsets seen when the feeder first connected: the index is warm once it reaches them. */
    synchronized void startTargets(Map<TopicPartition, Long> targets) {
        if (startTargets == null) {
            startTargets = Map.copyOf(targets);
        }
    }

    synchronized void endOffsets(Map<TopicPartition, Long> ends, long nowMillis) {
        endOffsets = Map.copyOf(ends);
        endOffsetsConfirmedAtMillis = nowMillis;
    }

    /** Recomputes lag and warmth after the feeder advanced to {@code positions}. */
    synchronized void advanced(Map<TopicPartition, Long> positions) {
        this.positions = Map.copyOf(positions);
        if (!caughtUp && startTargets != null && reached(startTargets, positions)) {
            caughtUp = true;
        }
        if (endOffsets != null) {
            long behind = 0;
            for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
                behind += Math.max(0, end.getValue() - positions.getOrDefault(end.getKey(), 0L));
            }
            lag = behind;
        }
    }

    void applied() {
        eventsApplied++;
    }

    void skipped() {
        recordsSkipped++;
    }

    void failed(String reason) {
        failure = reason;
    }

    /** The class of the last exception the feeder met (it reconnects, or stops when it could not apply an event). */
    void error(Throwable error) {
        lastError = error.getClass().getName();
    }

    /** The next offset to apply per partition (what the feeder has applied so far). */
    public Map<TopicPartition, Long> positions() {
        return positions;
    }

    /** The class name of the last exception the feeder met, or null. */
    public String lastError() {
        return lastError;
    }

    private static boolean reached(Map<TopicPartition, Long> targets, Map<TopicPartition, Long> positions) {
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            if (positions.getOrDefault(target.getKey(), 0L) < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    public long lag() {
        return lag;
    }

    public long endOffsetsConfirmedAtMillis() {
        return endOffsetsConfirmedAtMillis;
    }

    /** Non-null when the feeder stopped on an event it could not apply: the index must not be trusted. */
    public String failure() {
        return failure;
    }

    public long eventsApplied() {
        return eventsApplied;
    }

    public long recordsSkipped() {
        return recordsSkipped;
    }
}
