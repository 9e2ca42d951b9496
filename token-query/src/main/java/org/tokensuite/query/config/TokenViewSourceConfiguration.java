package org.tokensuite.query.config;

import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.api.stream.ReadOrderBuffer;

import java.util.List;

/**
 * The Kafka source of the token-view processor (application.yml names it). The same as the
 * extension's auto-configured one except for the buffer: token-api's {@link ReadOrderBuffer}, sized
 * by {@code axon.kafka.fetcher.buffer-size}; see its Javadoc and the README ("Resolved: the token-view
 * stall") for why the extension's timestamp-sorted buffer loses events under a pooled streaming processor.
 */
@Configuration(proxyBeanMethods = false)
public class TokenViewSourceConfiguration {

    @Bean
    public <K, V> StreamableKafkaMessageSource<K, V> streamableKafkaMessageSource(
            KafkaProperties kafka, @Qualifier("eventSerializer") Serializer eventSerializer,
            ConsumerFactory<K, V> consumers, Fetcher<K, V, KafkaEventMessage> fetcher,
            KafkaMessageConverter<K, V> converter) {
        int capacity = kafka.getFetcher().getBufferSize();
        return StreamableKafkaMessageSource.<K, V>builder()
                .topics(List.of(kafka.getDefaultTopic()))
                .serializer(eventSerializer)
                .consumerFactory(consumers)
                .fetcher(fetcher)
                .messageConverter(converter)
                .bufferFactory(() -> new ReadOrderBuffer<>(capacity))
                .build();
    }
}
