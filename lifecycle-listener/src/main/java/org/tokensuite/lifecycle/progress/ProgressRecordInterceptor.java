package org.tokensuite.lifecycle.progress;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.stereotype.Component;

/**
 * Tells {@link ConsumerProgress} about every delivery to the HR listener and how it ended.
 * Typed {@code <Object, Object>} because that is the interceptor Spring Boot puts on its
 * listener container factory. It never changes or drops a record.
 */
@Component
public class ProgressRecordInterceptor implements RecordInterceptor<Object, Object> {

    private final ConsumerProgress progress;

    public ProgressRecordInterceptor(ConsumerProgress progress) {
        this.progress = progress;
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        progress.delivered(partition(record), record.timestamp());
        return record;
    }

    @Override
    public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        progress.advanced(partition(record));
    }

    @Override
    public void failure(ConsumerRecord<Object, Object> record, Exception exception, Consumer<Object, Object> consumer) {
        progress.failed(partition(record), exception);
    }

    private static TopicPartition partition(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }
}
