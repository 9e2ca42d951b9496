package org.tokensuite.command.config;

import org.axonframework.config.Configuration;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.tokensuite.command.publish.BatchAcknowledgedPublisher;

import java.time.Duration;

/**
 * The publisher of {@code token-events}: {@link BatchAcknowledgedPublisher}, which waits for the broker's
 * acknowledgements once per processor batch instead of once per event, with a longer wait than the extension's. Its default, one second, is shorter than a first send takes on a
 * busy machine (metadata, SASL handshake): the wait then fails, the tracking processor handles the
 * batch again and the records already sent are published twice. The wait stays below the tracking
 * token's claim timeout (10 s), so another instance does not take the claim over while this one waits.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class KafkaPublisherConfig {

    @Bean(destroyMethod = "shutDown")
    public KafkaPublisher<String, byte[]> kafkaPublisher(@Qualifier("eventSerializer") Serializer eventSerializer,
                                                         ProducerFactory<String, byte[]> axonKafkaProducerFactory,
                                                         KafkaMessageConverter<String, byte[]> kafkaMessageConverter,
                                                         Configuration configuration, TopicResolver topicResolver,
                                                         @Value("${tokens.kafka.publisher-ack-timeout:PT8S}") Duration ackTimeout) {
        return new BatchAcknowledgedPublisher<>(eventSerializer, axonKafkaProducerFactory, kafkaMessageConverter,
                configuration.messageMonitor(KafkaPublisher.class, "kafkaPublisher"), topicResolver, ackTimeout);
    }
}
