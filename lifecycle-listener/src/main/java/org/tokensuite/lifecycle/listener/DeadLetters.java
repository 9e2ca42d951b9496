package org.tokensuite.lifecycle.listener;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes a record the listener can never apply to the dead-letter topic, byte for byte, with the reason. */
@Component
public class DeadLetters {

    public static final String REASON = "dlq-reason";
    public static final String ORIGINAL_TOPIC = "dlq-original-topic";
    public static final String ORIGINAL_PARTITION = "dlq-original-partition";
    public static final String ORIGINAL_OFFSET = "dlq-original-offset";

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final String topic;

    public DeadLetters(KafkaTemplate<byte[], byte[]> kafka, @Value("${lifecycle.dead-letter-topic}") String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    /** Returns once the broker acknowledged the dead letter, so the original may then be committed. */
    public void publish(ConsumerRecord<byte[], byte[]> original, String reason) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, original.key(), original.value());
        for (Header header : original.headers()) {
            letter.headers().add(header);
        }
        letter.headers()
                .add(REASON, utf8(reason))
                .add(ORIGINAL_TOPIC, utf8(original.topic()))
                .add(ORIGINAL_PARTITION, utf8(Integer.toString(original.partition())))
                .add(ORIGINAL_OFFSET, utf8(Long.toString(original.offset())));
        try {
            kafka.send(letter).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            // not committed: the record is read again and dead-lettered on the next attempt
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
