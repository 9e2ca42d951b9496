package org.tokensuite.query.config;

import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.platform.kafka.KafkaSourceFactory;
import org.tokensuite.platform.kafka.ReadOrderBuffer;

import java.util.List;

/**
 * The Kafka source of the token-view processor (application.yml names it): the topic
 * {@code axon.kafka.default-topic}, built by the platform's {@link KafkaSourceFactory}, so with its
 * {@link ReadOrderBuffer} (sized by {@code axon.kafka.fetcher.buffer-size}) instead of the extension's
 * timestamp-sorted buffer; see the buffer's Javadoc and the README ("Resolved: the token-view stall") for why
 * that one loses events under a pooled streaming processor. Declaring it replaces the extension's own source.
 */
@Configuration(proxyBeanMethods = false)
public class TokenViewSourceConfiguration {

    @Bean
    public StreamableKafkaMessageSource<?, ?> streamableKafkaMessageSource(KafkaSourceFactory<?, ?> sources,
                                                                          KafkaProperties kafka) {
        return sources.source(List.of(kafka.getDefaultTopic()));
    }
}
