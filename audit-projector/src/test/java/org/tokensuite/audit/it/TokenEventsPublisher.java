package org.tokensuite.audit.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.serialization.json.JacksonSerializer;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.testsupport.TestKafka;

import java.util.Map;
import java.util.concurrent.ExecutionException;

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
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"),
            new StringSerializer(), new ByteArraySerializer());

    static EventMessage<TokenEvent> message(TokenEvent event) {
        return GenericEventMessage.asEventMessage(event);
    }

    /** Publishes to token-events and waits for the broker's acknowledgement. */
    void publish(EventMessage<? extends TokenEvent> message) {
        publish(TOPIC, message);
    }

    /** Publishes to {@code topic} and waits for the broker's acknowledgement. */
    void publish(String topic, EventMessage<? extends TokenEvent> message) {
        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(message, topic);
        try {
            producer.send(new ProducerRecord<>(topic, null, message.getPayload().ownerId().value(), record.value(),
                    record.headers())).get();
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
