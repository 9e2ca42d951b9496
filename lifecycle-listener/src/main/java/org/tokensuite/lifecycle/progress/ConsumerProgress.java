package org.tokensuite.lifecycle.progress;

import org.apache.kafka.common.TopicPartition;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ListenerContainerPartitionIdleEvent;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the HR consumer is keeping up. A partition advances when a record on it is handled (and
 * so committed), when the group's committed offset on it moves, when it has no lag, or when the
 * container reports it idle (nothing to deliver, e.g. only a transaction marker is left) while no
 * delivery on it is failing. A partition with lag that has not advanced for longer than
 * {@code tokens.health.stall-after} is stalled.
 */
@Component
public class ConsumerProgress {

    public static final String PROCESSOR = "hr-events";

    private final Duration stallAfter;
    private final Clock clock;
    private final Map<TopicPartition, PartitionProgress> partitions = new ConcurrentHashMap<>();
    private volatile ConsumerStatus status = ConsumerStatus.initial(PROCESSOR);

    public ConsumerProgress(HealthProperties properties, Clock clock) {
        this.stallAfter = properties.stallAfter();
        this.clock = clock;
    }

    public ConsumerStatus status() {
        return status;
    }

    /** A record is handed to the listener; until it succeeds it is the oldest uncommitted one of its partition. */
    public void delivered(TopicPartition partition, long timestamp) {
        state(partition).pendingTimestamp = timestamp >= 0 ? timestamp : null;
    }

    /** The listener handled the record; the container commits its offset next. */
    public void advanced(TopicPartition partition) {
        state(partition).advanced(clock.instant());
    }

    /** Handling the record threw: it stays uncommitted and is delivered again after a backoff. */
    public void failed(TopicPartition partition, Throwable error) {
        PartitionProgress state = state(partition);
        state.failing = true;
        state.lastFailure = ConsumerFailure.of(error, clock.instant());
    }

    @EventListener
    public void onPartitionIdle(ListenerContainerPartitionIdleEvent event) {
        if (event.getListenerId() == null || !event.getListenerId().startsWith(PROCESSOR)) {
            return;
        }
        PartitionProgress state = state(event.getTopicPartition());
        // A failing partition's record is being retried; idleness there (during a pause) is not progress.
        if (!state.failing) {
            state.progressAt = clock.instant();
        }
    }

    /**
     * Takes a sample: the lag of each partition this instance consumes and the group's committed
     * offset there (absent when none). Partitions not in the sample are not this instance's work.
     */
    public ConsumerStatus observe(Map<TopicPartition, Long> lags, Map<TopicPartition, Long> committed) {
        Instant now = clock.instant();
        long lagEvents = 0;
        double lagSeconds = 0;
        List<Integer> stalled = new ArrayList<>();
        Duration stalledFor = Duration.ZERO;
        ConsumerFailure failure = null;
        for (Map.Entry<TopicPartition, Long> entry : lags.entrySet()) {
            PartitionProgress state = state(entry.getKey());
            long lag = Math.max(0, entry.getValue());
            Long offset = committed.get(entry.getKey());
            if (lag == 0) {
                state.advanced(now);
            } else if (state.committed != null && !Objects.equals(offset, state.committed)) {
                // committed elsewhere (another instance before a rebalance, or a restart): it moved
                state.progressAt = now;
            }
            state.committed = offset;
            if (lag == 0) {
                continue;
            }
            lagEvents += lag;
            Duration waiting = Duration.between(state.progressAt, now);
            Long pending = state.pendingTimestamp;
            double age = pending != null ? Math.max(0, now.toEpochMilli() - pending) / 1000.0 : seconds(waiting);
            lagSeconds = Math.max(lagSeconds, age);
            if (state.failing && state.lastFailure != null && (failure == null || state.lastFailure.at().isAfter(failure.at()))) {
                failure = state.lastFailure;
            }
            if (waiting.compareTo(stallAfter) > 0) {
                stalled.add(entry.getKey().partition());
                stalledFor = waiting.compareTo(stalledFor) > 0 ? waiting : stalledFor;
            }
        }
        stalled.sort(null);
        status = new ConsumerStatus(PROCESSOR, lagEvents, lagSeconds, List.copyOf(stalled), stalledFor, failure, now, null);
        return status;
    }

    /** The sample could not be taken (broker unreachable): the last one stands, marked as such. */
    public void sampleFailed(String reason) {
        status = status.withSampleError(reason);
    }

    private PartitionProgress state(TopicPartition partition) {
        return partitions.computeIfAbsent(partition, p -> new PartitionProgress(clock.instant()));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
