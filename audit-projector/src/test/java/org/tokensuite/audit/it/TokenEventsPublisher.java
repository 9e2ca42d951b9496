package org.tokensuite.audit.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.serialization.json.JacksonSerializer;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.testsupport.TestKafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * Publishes events to token-events the way token-command does (and signals to token-signals,
 * usage summaries to token-usage, the way token-query does): Axon's DefaultKafkaMessageConverter
 * with a Jackson serializer (ISO-8601 times, like Spring Boot's mapper), keyed by owner id.
 */
final class TokenEventsPublisher implements AutoCloseable {

    static final String TOPIC = "token-events";
    static final String SIGNALS = "token-signals";
    static final String USAGE = "token-usage";

    private final DefaultKafkaMessageConverter converter = DefaultKafkaMessageConverter.builder()
            .serializer(JacksonSerializer.builder()
                    .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())
                            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS))
                    .build())
            .build();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            // Records sent together wait in the accumulator until flush(), then leave in one request.
            ProducerConfig.LINGER_MS_CONFIG, "1000",
            // Room for a record with a megabyte of reason.
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4194304"),
            new StringSerializer(), new ByteArraySerializer());

    /** One record to publish with an explicit Kafka timestamp (the record's, not the event's occurredAt). */
    record Stamped(String topic, EventMessage<? extends TokenEvent> message, Instant timestamp) {
    }

    static EventMessage<TokenEvent> message(TokenEvent event) {
        return GenericEventMessage.asEventMessage(event);
    }

    /** Publishes to token-events and waits for the broker's acknowledgement. */
    void publish(EventMessage<? extends TokenEvent> message) {
        publish(TOPIC, message);
    }

    /** Publishes to {@code topic} and waits for the broker's acknowledgement. */
    void publish(String topic, EventMessage<? extends TokenEvent> message) {
        publishTogether(List.of(new Stamped(topic, message, null)));
    }

    /**
     * Sends all records in one produce request (in the given order), then waits for every
     * acknowledgement, so a consumer polling meanwhile usually gets them in one fetch.
     * A null timestamp lets the producer stamp the record, as token-command's does.
     */
    void publishTogether(List<Stamped> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Stamped stamped : records) {
            ProducerRecord<String, byte[]> record = converter.createKafkaMessage(stamped.message(), stamped.topic());
            Long timestamp = stamped.timestamp() == null ? null : stamped.timestamp().toEpochMilli();
            sent.add(producer.send(new ProducerRecord<>(stamped.topic(), null, timestamp,
                    stamped.message().getPayload().ownerId().value(), record.value(), record.headers())));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing failed", e.getCause());
        }
    }

    /**
     * Publishes the record token-command would, with its JSON value edited as text first: how a
     * test puts in what token-api's types refuse (NUL, unpaired surrogates, a megabyte of reason).
     */
    void publishEdited(String topic, EventMessage<? extends TokenEvent> message, UnaryOperator<String> edit) {
        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(message, topic);
        byte[] value = edit.apply(new String(record.value(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        send(new ProducerRecord<>(topic, null, null, message.getPayload().ownerId().value(), value, record.headers()));
    }

    /** Publishes exactly these bytes and headers (e.g. a record that is no Axon message at all). */
    void publishRecord(String topic, String key, byte[] value, Iterable<Header> headers) {
        send(new ProducerRecord<>(topic, null, null, key, value, headers));
    }

    /** A JSON string literal with every control character, quote, backslash and surrogate escaped (valid ASCII). */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c) || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            Future<RecordMetadata> ack = producer.send(record);
            // Do not wait out the linger: this record goes alone.
            producer.flush();
            ack.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing failed", e.getCause());
        }
    }

    void publish(TokenEvent event) {
        publish(message(event));
    }

    void publish(String topic, TokenEvent event) {
        publish(topic, message(event));
    }

    @Override
    public void close() {
        producer.close();
    }
}
