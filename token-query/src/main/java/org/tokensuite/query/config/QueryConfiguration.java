package org.tokensuite.query.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.serialization.Serializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.tokensuite.query.event.TokenChangeReader;
import org.tokensuite.query.settings.TokensProperties;
import org.tokensuite.query.health.ProcessorErrors;
import org.tokensuite.query.health.ProcessorWatch;
import org.tokensuite.query.index.IndexFeeder;
import org.tokensuite.query.index.IndexProgress;
import org.tokensuite.query.index.TokenIndex;
import org.tokensuite.query.projection.TokenViewProjection;
import org.tokensuite.query.verification.IntrospectionObserver;

import java.time.Clock;

/** Wiring that application.yml cannot express. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(TokensProperties.class)
public class QueryConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** With usage tracking off ({@code tokens.usage.enabled: false}) verifications are not observed at all. */
    @Bean
    @ConditionalOnProperty(name = "tokens.usage.enabled", havingValue = "false")
    IntrospectionObserver noUsageTracking() {
        return IntrospectionObserver.NONE;
    }

    @Bean
    TokenIndex tokenIndex() {
        return new TokenIndex();
    }

    @Bean
    IndexProgress indexProgress() {
        return new IndexProgress();
    }

    @Bean
    TokenChangeReader tokenChangeReader() {
        return new TokenChangeReader();
    }

    @Bean
    IndexFeeder indexFeeder(TokenIndex index, IndexProgress progress, TokenChangeReader reader,
                            KafkaProperties kafka, TokensProperties properties, Clock clock) {
        return new IndexFeeder(index, progress, reader,
                kafka.buildConsumerProperties(), kafka.getDefaultTopic(), properties.index().lagRefreshInterval(), clock);
    }

    /**
     * A handler failure (say, the database went away) must roll the batch back and retry it,
     * not be logged and skipped (Axon's default), or the view would silently miss an event. The
     * failed batch's error is recorded, whether a handler raised it or the commit did (the view's rows are
     * written when the batch commits, ViewWrites).
     */
    @Bean
    ConfigurerModule tokenViewErrorHandling(ProcessorErrors errors) {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(TokenViewProjection.GROUP,
                        configuration -> PropagatingErrorHandler.instance())
                .registerErrorHandler(TokenViewProjection.GROUP,
                        configuration -> errors.recordingBatches(TokenViewProjection.GROUP, PropagatingErrorHandler.instance()));
    }

    @Bean
    ProcessorErrors processorErrors() {
        return new ProcessorErrors();
    }

    /** Token store rows are read with the serializer Axon's token store writes them with (the general one). */
    @Bean
    ProcessorWatch processorWatch(IndexProgress progress, EventProcessingConfiguration processing, JdbcTemplate jdbc,
                                  Serializer serializer, ProcessorErrors errors, MeterRegistry meters, Clock clock,
                                  KafkaProperties kafka, TokensProperties properties) {
        return new ProcessorWatch(progress, processing, jdbc, serializer, errors, meters, clock,
                kafka.buildConsumerProperties(), kafka.getDefaultTopic(), properties.health());
    }
}
