package org.tokensuite.platform.kafka;

import org.axonframework.common.Registration;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerSeekUtil;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.TopicSubscriber;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaMessageStream;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.TrackingRecordConverter;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The extension's {@link StreamableKafkaMessageSource}, whose streams wake their processor when records arrive.
 *
 * <p>Why: Axon's pooled streaming processor asks its stream for an availability callback; the extension's
 * {@link KafkaMessageStream} offers none, so the processor's coordinator, finding no record, looks again only
 * 500 ms later. That poll interval was the inventory view's and the audit log's lag behind a command (p50
 * ~250 ms, up to 500 ms, whatever the load). These streams register the processor's callback with their
 * {@link ReadOrderBuffer}, which runs it when the fetcher puts records (or a failure) in, so the coordinator
 * runs at once. Only the scheduling changes: records, their order and their tracking tokens are exactly the
 * extension's (this {@link #openStream} is the extension's, with the buffer kept at hand).
 */
public final class WakingKafkaMessageSource<K, V> extends StreamableKafkaMessageSource<K, V> {

    private final TopicSubscriber subscriber;
    private final ConsumerFactory<K, V> consumers;
    private final Fetcher<K, V, KafkaEventMessage> fetcher;
    private final KafkaMessageConverter<K, V> converter;
    private final int bufferSize;

    WakingKafkaMessageSource(Builder<K, V> builder, ConsumerFactory<K, V> consumers,
                             Fetcher<K, V, KafkaEventMessage> fetcher, KafkaMessageConverter<K, V> converter,
                             int bufferSize) {
        super(builder);
        this.subscriber = builder.getSubscriber();
        this.consumers = consumers;
        this.fetcher = fetcher;
        this.converter = converter;
        this.bufferSize = bufferSize;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        KafkaTrackingToken token = KafkaTrackingToken.from(trackingToken);
        TrackingRecordConverter<K, V> records = new TrackingRecordConverter<>(converter, token);
        Consumer<K, V> consumer = consumers.createConsumer(null);
        ConsumerSeekUtil.seekToCurrentPositions(consumer, records::currentToken, subscriber);
        ReadOrderBuffer<KafkaEventMessage> buffer = new ReadOrderBuffer<>(bufferSize);
        Registration closeHandler = fetcher.poll(consumer, records, buffer::putAll, buffer::setException);
        return new WakingStream(buffer, closeHandler);
    }

    private static final class WakingStream extends KafkaMessageStream {

        private final ReadOrderBuffer<KafkaEventMessage> buffer;

        WakingStream(ReadOrderBuffer<KafkaEventMessage> buffer, Registration closeHandler) {
            super(buffer, closeHandler);
            this.buffer = buffer;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            buffer.onAvailable(callback);
            return true;
        }
    }
}
