package org.tokensuite.platform.kafka;

import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.Serializer;

import java.util.List;

/**
 * The one way a service builds an Axon Kafka source for a streaming processor: the extension's consumer
 * factory, fetcher, message converter and the event serializer, as its auto-configuration would, but always
 * with a {@link ReadOrderBuffer} (never the extension's timestamp-sorted buffer, which loses records under a
 * pooled streaming processor: see the buffer's Javadoc), and with streams that wake their processor when records
 * arrive instead of leaving it to look every 500 ms ({@link WakingKafkaMessageSource}). Partitions a stored tracking token does not know
 * start at their first offset, as the extension's sources do; no consumer group is involved (the processor
 * assigns partitions itself and keeps its position in its token store).
 * <p>
 * Auto-configured ({@link KafkaSourceAutoConfiguration}) only in a service whose Axon Kafka fetcher is on.
 */
public final class KafkaSourceFactory<K, V> {

    private final Serializer eventSerializer;
    private final ConsumerFactory<K, V> consumers;
    private final Fetcher<K, V, KafkaEventMessage> fetcher;
    private final KafkaMessageConverter<K, V> converter;
    private final int bufferSize;

    /** @param bufferSize records held per source between fetcher and processor ({@code axon.kafka.fetcher.buffer-size}) */
    public KafkaSourceFactory(Serializer eventSerializer, ConsumerFactory<K, V> consumers,
                              Fetcher<K, V, KafkaEventMessage> fetcher, KafkaMessageConverter<K, V> converter,
                              int bufferSize) {
        this.eventSerializer = eventSerializer;
        this.consumers = consumers;
        this.fetcher = fetcher;
        this.converter = converter;
        this.bufferSize = bufferSize;
    }

    /** Reads {@code topics}; a record Axon's converter cannot read is skipped, as the extension does. */
    public StreamableKafkaMessageSource<K, V> source(List<String> topics) {
        return build(topics, converter);
    }

    /**
     * Reads {@code topics}, every record becoming a message: one Axon's converter cannot read becomes an
     * {@link UnreadableKafkaRecord} ({@link EveryRecordConverter}), for a consumer that must account for all.
     */
    public StreamableKafkaMessageSource<K, V> everyRecordSource(List<String> topics) {
        return build(topics, new EveryRecordConverter<>(converter));
    }

    private StreamableKafkaMessageSource<K, V> build(List<String> topics, KafkaMessageConverter<K, V> messages) {
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("a Kafka source needs at least one topic");
        }
        StreamableKafkaMessageSource.Builder<K, V> builder = StreamableKafkaMessageSource.<K, V>builder()
                .topics(List.copyOf(topics))
                .serializer(eventSerializer)
                .consumerFactory(consumers)
                .fetcher(fetcher)
                .messageConverter(messages)
                .bufferFactory(() -> new ReadOrderBuffer<>(bufferSize));
        return new WakingKafkaMessageSource<>(builder, consumers, fetcher, messages, bufferSize);
    }
}
