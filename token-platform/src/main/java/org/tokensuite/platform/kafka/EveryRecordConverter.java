package org.tokensuite.platform.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Axon's converter, except that a record it cannot read (it answers empty, and the extension then
 * skips the record without a trace) becomes an {@link UnreadableKafkaRecord} message instead. Its
 * identifier is the record's position, so a re-read record is recognised as already recorded. For a
 * consumer that must account for every record (audit-projector's log); see {@link KafkaSourceFactory}.
 */
public final class EveryRecordConverter<K, V> implements KafkaMessageConverter<K, V> {

    private static final Logger log = LoggerFactory.getLogger(EveryRecordConverter.class);

    private final KafkaMessageConverter<K, V> axon;

    public EveryRecordConverter(KafkaMessageConverter<K, V> axon) {
        this.axon = axon;
    }

    @Override
    public ProducerRecord<K, V> createKafkaMessage(EventMessage<?> eventMessage, String topic) {
        return axon.createKafkaMessage(eventMessage, topic);
    }

    @Override
    public Optional<EventMessage<?>> readKafkaMessage(ConsumerRecord<K, V> record) {
        Optional<EventMessage<?>> read = axon.readKafkaMessage(record);
        if (read.isPresent()) {
            return read;
        }
        log.warn("record {}-{}@{} is not a readable event message; recorded as UnreadableKafkaRecord",
                record.topic(), record.partition(), record.offset());
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : Base64.getEncoder().encodeToString(header.value()));
        }
        UnreadableKafkaRecord payload = new UnreadableKafkaRecord(record.topic(), record.partition(), record.offset(),
                record.timestamp(), record.key() == null ? null : String.valueOf(record.key()), base64(record.value()),
                headers);
        String id = "kafka:" + record.topic() + "/" + record.partition() + "/" + record.offset();
        return Optional.of(new GenericEventMessage<>(new GenericMessage<>(id, payload, MetaData.emptyInstance()),
                () -> Instant.ofEpochMilli(Math.max(0, record.timestamp()))));
    }

    private static String base64(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes)
                : Base64.getEncoder().encodeToString(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
}
