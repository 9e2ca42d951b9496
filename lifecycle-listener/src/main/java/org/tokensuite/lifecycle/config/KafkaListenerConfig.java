package org.tokensuite.lifecycle.config;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;
import org.tokensuite.lifecycle.command.CommandUnavailable;
import org.tokensuite.lifecycle.listener.HrEventMetrics;
import org.tokensuite.lifecycle.progress.HealthProperties;

import java.util.Map;

/**
 * The listener container's error handling: a record whose handling threw is not committed; it is
 * sought back and read again after an exponential backoff capped at {@code lifecycle.retry.max-interval},
 * with no limit on attempts, so nothing is ever skipped. (Records that can never succeed do not
 * throw: the listener dead-letters them itself.)
 */
@Configuration(proxyBeanMethods = false)
public class KafkaListenerConfig {

    @Bean
    CommonErrorHandler hrEventErrorHandler(RetryProperties retry, HrEventMetrics metrics) {
        ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        // the defaults already say "forever"; spelled out because dropping an HR event is the one unacceptable outcome
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Integer.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, e) -> {
            throw new IllegalStateException("retries of an HR event must never be exhausted", e);
        }, backOff);
        // every failure is retried, including the ones spring-kafka would otherwise give up on at once
        handler.setClassifications(Map.of(), true);
        handler.setRetryListeners(countRetries(metrics));
        return handler;
    }

    /**
     * Per-partition idle events let {@link org.tokensuite.lifecycle.progress.ConsumerProgress} tell a
     * partition with nothing to deliver (lag of a lone transaction marker) from a stuck one.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> idlePartitionEvents(
            HealthProperties health) {
        return container -> container.getContainerProperties()
                .setIdlePartitionEventInterval(health.sampleInterval().toMillis());
    }

    private static RetryListener countRetries(HrEventMetrics metrics) {
        return (ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) -> {
            Throwable cause = ex;
            while (cause != null && !(cause instanceof CommandUnavailable)) {
                cause = cause.getCause();
            }
            metrics.retried(cause instanceof CommandUnavailable unavailable ? unavailable.reason() : "error");
        };
    }
}
