package org.tokensuite.audit.config;

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
 * The two Kafka sources the processors read (application.yml names them per processing group).
 * <p>
 * {@code auditLogSource} reads token-events AND token-signals into the one {@code audit-log}
 * processor. One processor over both topics (rather than a second processor serialising on a
 * chain-head lock) because then the single thread of its single segment stays the only writer
 * of the chain, as before: seq stays dense and prevHash correct without any cross-transaction
 * locking, and one tracking token holds the positions of both topics, committed with the rows.
 * A signal partition missing from a stored token starts at offset 0, so upgrading an existing
 * log records the signals published so far.
 * <p>
 * {@code usageSource} reads token-usage for the {@code audit-usage} processor: usage summaries
 * are telemetry, kept as last use per token, never chained.
 * <p>
 * Both use token-api's {@link ReadOrderBuffer}, never the extension's default timestamp-sorted
 * buffer: each record's tracking token covers everything read before it, so handing out a
 * later-read, earlier-stamped record first (a signal stamped before an event read just ahead of
 * it) made the processor treat the earlier-read record as handled and skip it: a lost entry.
 * <p>
 * Both read through {@link EveryRecordConverter}: a record Axon's converter cannot read is
 * recorded as such rather than skipped without a trace.
 */
@Configuration
public class KafkaSources {

    @Bean
    public <K, V> StreamableKafkaMessageSource<K, V> auditLogSource(
            AuditProperties audit, KafkaProperties kafka, @Qualifier("eventSerializer") Serializer eventSerializer,
            ConsumerFactory<K, V> consumers, Fetcher<K, V, KafkaEventMessage> fetcher,
            KafkaMessageConverter<K, V> converter) {
        return source(List.of(audit.topics().events(), audit.topics().signals()),
                kafka, eventSerializer, consumers, fetcher, converter);
    }

    @Bean
    public <K, V> StreamableKafkaMessageSource<K, V> usageSource(
            AuditProperties audit, KafkaProperties kafka, @Qualifier("eventSerializer") Serializer eventSerializer,
            ConsumerFactory<K, V> consumers, Fetcher<K, V, KafkaEventMessage> fetcher,
            KafkaMessageConverter<K, V> converter) {
        return source(List.of(audit.topics().usage()), kafka, eventSerializer, consumers, fetcher, converter);
    }

    private static <K, V> StreamableKafkaMessageSource<K, V> source(
            List<String> topics, KafkaProperties kafka, Serializer eventSerializer, ConsumerFactory<K, V> consumers,
            Fetcher<K, V, KafkaEventMessage> fetcher, KafkaMessageConverter<K, V> converter) {
        return StreamableKafkaMessageSource.<K, V>builder()
                .topics(topics)
                .serializer(eventSerializer)
                .consumerFactory(consumers)
                .fetcher(fetcher)
                .messageConverter(new EveryRecordConverter<>(converter))
                .bufferFactory(() -> new ReadOrderBuffer<>(kafka.getFetcher().getBufferSize()))
                .build();
    }
}
