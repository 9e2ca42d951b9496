package org.tokensuite.query.health;

import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashMap;
import java.util.Map;

/**
 * An Axon streaming processor on the Kafka topic (token-view) as a watched processor. Its progress is
 * what it committed: the tracking tokens in the shared token store (so every instance sees the
 * processor's progress, whichever instance holds its segments), raised by this instance's live
 * segment status (a segment that only skipped events stores its token a few seconds later). Per
 * partition, the processor is as far as its slowest segment.
 */
class StreamingProcessorWatch implements WatchedProcessor {

    private final StreamingEventProcessor processor;
    private final JdbcTemplate jdbc;
    private final Serializer tokenSerializer;
    private final ProcessorErrors errors;

    StreamingProcessorWatch(StreamingEventProcessor processor, JdbcTemplate jdbc, Serializer tokenSerializer,
                            ProcessorErrors errors) {
        this.processor = processor;
        this.jdbc = jdbc;
        this.tokenSerializer = tokenSerializer;
        this.errors = errors;
    }

    @Override
    public String name() {
        return processor.getName();
    }

    @Override
    public Map<TopicPartition, Long> positions() {
        Map<Integer, Map<TopicPartition, Long>> segments = new HashMap<>();
        try {
            jdbc.query("SELECT segment, token, tokentype FROM tokenentry WHERE processorname = ?", row -> {
                byte[] token = row.getBytes("token");
                String type = row.getString("tokentype");
                segments.put(row.getInt("segment"), token == null || type == null ? Map.of()
                        : offsets(tokenSerializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null))));
            }, name());
        } catch (RuntimeException e) {
            errors.record(name(), e);
            throw e;
        }
        for (Map.Entry<Integer, EventTrackerStatus> live : processor.processingStatus().entrySet()) {
            EventTrackerStatus status = live.getValue();
            if (status.isErrorState() && status.getError() != null) {
                errors.record(name(), status.getError());
            }
            Map<TopicPartition, Long> stored = segments.get(live.getKey());
            if (stored != null) {
                Map<TopicPartition, Long> merged = new HashMap<>(stored);
                offsets(status.getTrackingToken()).forEach((partition, next) -> merged.merge(partition, next, Math::max));
                segments.put(live.getKey(), merged);
            }
        }
        Map<TopicPartition, Long> slowest = new HashMap<>();
        boolean first = true;
        for (Map<TopicPartition, Long> segment : segments.values()) {
            if (first) {
                slowest.putAll(segment);
                first = false;
            } else {
                // A partition one segment has not reached at all counts as offset 0 for the processor.
                slowest.replaceAll((partition, next) -> Math.min(next, segment.getOrDefault(partition, 0L)));
            }
        }
        return slowest;
    }

    /** The next offset per partition of a (possibly wrapped, e.g. replaying) Kafka tracking token. */
    private static Map<TopicPartition, Long> offsets(Object token) {
        if (!(token instanceof TrackingToken tracking)) {
            return Map.of();
        }
        Map<TopicPartition, Long> next = new HashMap<>();
        WrappedToken.unwrap(tracking, KafkaTrackingToken.class).ifPresent(kafka ->
                // A Kafka token holds the offset of the last record consumed.
                kafka.getPositions().forEach((partition, offset) -> next.put(partition, offset + 1)));
        return next;
    }

    @Override
    public String lastError() {
        return errors.last(name());
    }
}
