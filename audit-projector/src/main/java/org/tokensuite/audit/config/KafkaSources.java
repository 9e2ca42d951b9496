package org.tokensuite.audit.config;

import org.tokensuite.audit.settings.AuditProperties;

import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.platform.kafka.KafkaSourceFactory;

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
 * Both are built by the platform's {@link KafkaSourceFactory}: with its read-order buffer, never the
 * extension's default timestamp-sorted one (each record's tracking token covers everything read before
 * it, so handing out a later-read, earlier-stamped record first, a signal stamped before an event read
 * just ahead of it, made the processor treat the earlier-read record as handled and skip it: a lost
 * entry), and as every-record sources: a record Axon's converter cannot read is recorded as an
 * {@code UnreadableKafkaRecord} rather than skipped without a trace.
 */
@Configuration
public class KafkaSources {

    @Bean
    public StreamableKafkaMessageSource<?, ?> auditLogSource(KafkaSourceFactory<?, ?> sources, AuditProperties audit) {
        return sources.everyRecordSource(List.of(audit.topics().events(), audit.topics().signals()));
    }

    @Bean
    public StreamableKafkaMessageSource<?, ?> usageSource(KafkaSourceFactory<?, ?> sources, AuditProperties audit) {
        return sources.everyRecordSource(List.of(audit.topics().usage()));
    }
}
