package org.tokensuite.query.signal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.api.value.Actor;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishes token-query's own events (usage summaries, refusals, anomalies) exactly as
 * token-command publishes token-events: Axon's DefaultKafkaMessageConverter over the Jackson
 * event serializer (JSON payload, {@code axon-*} headers, {@code axon-message-type} = the record's
 * class name), keyed by owner id. Sends are asynchronous: never called on a request thread, and a
 * broker outage costs summaries (counted in {@code tokens.signals.publish.failures}), not
 * introspection. These are not stored events: token-query has no event store.
 */
@Component
public class SignalPublisher implements DisposableBean {

    public static final Actor ACTOR = Actor.system("token-query");

    private static final Logger log = LoggerFactory.getLogger(SignalPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final DefaultKafkaMessageConverter converter;
    private final Counter failures;

    public SignalPublisher(KafkaProperties kafka, @Qualifier("eventSerializer") Serializer eventSerializer,
                           MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "token-query");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, config.get(ProducerConfig.CLIENT_ID_CONFIG) + "-signals");
        this.producer = new KafkaProducer<>(config);
        this.converter = DefaultKafkaMessageConverter.builder()
                .serializer(eventSerializer)
                .sequencingPolicy(message -> ((TokenEvent) message.getPayload()).ownerId().value())
                .build();
        this.failures = Counter.builder("tokens.signals.publish.failures")
                .description("usage summaries and security signals the broker did not accept").register(meters);
    }

    public void publish(String topic, TokenEvent event) {
        publish(topic, GenericEventMessage.asEventMessage(event));
    }

    /**
     * Publishes an event another service recorded, keeping its message id, so a reader of both topics (the
     * audit log) sees one event, not two.
     */
    public void republish(String topic, EventMessage<? extends TokenEvent> message) {
        publish(topic, message);
    }

    private void publish(String topic, EventMessage<?> message) {
        TokenEvent event = (TokenEvent) message.getPayload();
        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(message, topic);
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                failures.increment();
                log.warn("could not publish {} for token owner {} to {}: {}", event.getClass().getSimpleName(),
                        event.ownerId(), topic, error.toString());
            }
        });
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
    }
}
