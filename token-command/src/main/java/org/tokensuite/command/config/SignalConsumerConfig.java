package org.tokensuite.command.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.command.health.ProcessorSampler;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How the token-signals consumer treats a failure (the database or the command bus unavailable):
 * it retries the same record, backing off up to 30 s, without end. Skipping would lose a
 * requested suspension.
 */
@Configuration(proxyBeanMethods = false)
public class SignalConsumerConfig {

    @Bean
    public CommonErrorHandler signalErrorHandler(ProcessorSampler progress) {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        // An unlimited back-off: a failing record is retried, never handed to a recoverer that would skip it.
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        // Readiness names the failure while the consumer is stuck on it.
        handler.setRetryListeners((record, error, attempt) -> progress.signalsFailed(error));
        return handler;
    }
}
