package org.tokensuite.platform.kafka;

import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.autoconfig.KafkaAutoConfiguration;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * A {@link KafkaSourceFactory} for a service that reads topics with Axon processors: only where the Axon Kafka
 * extension is on the classpath and its fetcher (with a consumer factory) is configured
 * ({@code axon.kafka.fetcher.enabled}, on by default). A service that only publishes (token-command sets the
 * fetcher off) or has no Axon gets nothing.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass({StreamableKafkaMessageSource.class, KafkaAutoConfiguration.class})
@ConditionalOnBean({Fetcher.class, ConsumerFactory.class, KafkaMessageConverter.class})
public class KafkaSourceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public <K, V> KafkaSourceFactory<K, V> kafkaSourceFactory(
            KafkaProperties kafka, @Qualifier("eventSerializer") Serializer eventSerializer,
            ConsumerFactory<K, V> consumers, Fetcher<K, V, KafkaEventMessage> fetcher,
            KafkaMessageConverter<K, V> converter) {
        return new KafkaSourceFactory<>(eventSerializer, consumers, fetcher, converter,
                kafka.getFetcher().getBufferSize());
    }
}
