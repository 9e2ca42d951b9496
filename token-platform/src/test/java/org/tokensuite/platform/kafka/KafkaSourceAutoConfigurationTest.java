package org.tokensuite.platform.kafka;

import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.platform.event.EventWireFormat;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

class KafkaSourceAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaSourceAutoConfiguration.class));

    @Test
    void aServiceWithoutAnAxonKafkaFetcherGetsNoSourceFactory() {
        runner.run(context -> assertThat(context).doesNotHaveBean(KafkaSourceFactory.class));
    }

    @Test
    void aServiceWithTheFetcherGetsOneFactoryThatBuildsSourcesForItsTopics() {
        runner.withUserConfiguration(AxonKafkaConsumer.class).run(context -> {
            KafkaSourceFactory<?, ?> sources = context.getBean(KafkaSourceFactory.class);
            assertThat(sources.source(List.of("token-events"))).isNotNull();
            assertThat(sources.everyRecordSource(List.of("token-events", "token-signals"))).isNotNull();
            assertThatThrownBy(() -> sources.source(List.of())).isInstanceOf(IllegalArgumentException.class);
        });
    }

    /** What the extension's auto-configuration provides a consuming service. */
    @Configuration(proxyBeanMethods = false)
    static class AxonKafkaConsumer {

        @Bean
        KafkaProperties kafkaProperties() {
            return new KafkaProperties();
        }

        @Bean
        @Qualifier("eventSerializer")
        Serializer eventSerializer() {
            return new EventWireFormat().serializer();
        }

        @Bean
        ConsumerFactory<String, byte[]> consumerFactory() {
            @SuppressWarnings("unchecked")
            ConsumerFactory<String, byte[]> consumers = mock(ConsumerFactory.class);
            return consumers;
        }

        @Bean
        Fetcher<?, ?, ?> fetcher() {
            return mock(Fetcher.class);
        }

        @Bean
        KafkaMessageConverter<String, byte[]> converter(@Qualifier("eventSerializer") Serializer eventSerializer) {
            return DefaultKafkaMessageConverter.builder().serializer(eventSerializer).build();
        }
    }
}
