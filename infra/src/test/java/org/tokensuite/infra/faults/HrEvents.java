package org.tokensuite.infra.faults;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.tokensuite.infra.KafkaAccess;
import org.tokensuite.infra.KafkaPrincipal;
import org.tokensuite.infra.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An HR system on {@code hr.employee-events} (as {@code hr-publisher}), and an operator reading the
 * dead-letter topic (as {@code suite-admin}).
 */
final class HrEvents implements AutoCloseable {

    private final KafkaAccess kafka;
    private final KafkaProducer<byte[], byte[]> producer;

    HrEvents(KafkaAccess kafka) {
        this.kafka = kafka;
        Map<String, Object> config = kafka.clientProperties(KafkaPrincipal.HR_PUBLISHER);
        config.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        this.producer = new KafkaProducer<>(config);
    }

    /** A CloudEvent 1.0 in structured JSON mode, as lifecycle-listener's README describes them. */
    static String cloudEvent(String id, String type, String employeeId) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/hr/fault-test\",\"type\":\"" + type
                + "\",\"subject\":\"" + employeeId + "\",\"time\":\"" + Instant.now() + "\",\"datacontenttype\":"
                + "\"application/json\",\"data\":{\"employeeId\":\"" + employeeId + "\"}}";
    }

    /**
     * Publishes to one given partition, so that records keyed by different employees still arrive in
     * the order sent (the listener works through a partition in order).
     */
    void send(int partition, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(Topics.HR_EMPLOYEE_EVENTS, partition, key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + Topics.HR_EMPLOYEE_EVENTS + ": " + e, e);
        }
    }

    /** The dead-letter record whose value is exactly {@code value}, if it is on the DLQ. */
    Optional<ConsumerRecord<byte[], byte[]>> findDeadLetter(String value) {
        byte[] wanted = value.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> config = kafka.clientProperties(KafkaPrincipal.ADMIN);
        config.putAll(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.HR_EMPLOYEE_EVENTS_DLQ, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (Arrays.equals(record.value(), wanted)) {
                        return Optional.of(record);
                    }
                }
            }
            return Optional.empty();
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
