package org.tokensuite.infra.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.tokensuite.infra.KafkaAccess;
import org.tokensuite.infra.KafkaPrincipal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** How many records a topic holds (sum of its partitions' end offsets; the suite never deletes any). */
final class TopicSize {

    private TopicSize() {
    }

    /** Read as the operator's {@code suite-admin} when the broker is secured. */
    static long records(KafkaAccess kafka, String topic) {
        Map<String, Object> config = kafka.clientProperties(KafkaPrincipal.ADMIN);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
            return partitions.stream().mapToLong(p -> ends.get(p) - begins.get(p)).sum();
        }
    }
}
