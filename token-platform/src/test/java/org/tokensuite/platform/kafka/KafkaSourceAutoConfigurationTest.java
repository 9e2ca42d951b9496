package org.tokensuite.platform.kafka;

import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.EventConsumer;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.mockito.ArgumentCaptor;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.platform.event.EventWireFormat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

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

    @Test
    void aSourcesStreamWakesItsProcessorWhenTheFetcherPutsRecords() {
        runner.withUserConfiguration(AxonKafkaConsumer.class).run(context -> {
            @SuppressWarnings("unchecked")
            ConsumerFactory<String, byte[]> consumers = context.getBean(ConsumerFactory.class);
            when(consumers.createConsumer(null)).thenReturn(new MockConsumer<>(OffsetResetStrategy.EARLIEST));
            @SuppressWarnings("unchecked")
            Fetcher<String, byte[], KafkaEventMessage> fetcher = context.getBean(Fetcher.class);
            @SuppressWarnings("unchecked")
            ArgumentCaptor<EventConsumer<KafkaEventMessage>> fetched = ArgumentCaptor.forClass(EventConsumer.class);
            when(fetcher.poll(any(), any(), fetched.capture(), any())).thenReturn(() -> true);
            KafkaSourceFactory<?, ?> sources = context.getBean(KafkaSourceFactory.class);

            BlockingStream<TrackedEventMessage<?>> stream = sources.source(List.of("token-events")).openStream(null);
            AtomicInteger wakeUps = new AtomicInteger();
            assertThat(stream.setOnAvailableCallback(wakeUps::incrementAndGet)).isTrue();
            assertThat(stream.hasNextAvailable()).isFalse();

            KafkaEventMessage record = mock(KafkaEventMessage.class);
            fetched.getValue().consume(List.of(record));

            assertThat(wakeUps).hasValue(1);
            assertThat(stream.hasNextAvailable()).isTrue();
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
