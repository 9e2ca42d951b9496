package org.tokensuite.command.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.command.conflict.ConflictRetries;
import org.tokensuite.command.conflict.EventStoreConflicts;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several token-command instances may share one event store: a command that loses the race for
 * its aggregate's next sequence number is recognised as a conflict (not a storage failure) and sent
 * again, a few times, before it is answered 409.
 */
@Configuration(proxyBeanMethods = false)
public class CommandConflictConfig {

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new EventStoreConflicts();
    }

    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService commandRetryExecutor() {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(4, task -> {
            Thread thread = new Thread(task, "command-retry-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Bean
    public ConflictRetries conflictRetries(ScheduledExecutorService commandRetryExecutor, MeterRegistry meters,
                                           @Value("${tokens.commands.conflict-retries:5}") int retries,
                                           @Value("${tokens.commands.conflict-first-pause:PT0.01S}") Duration firstPause) {
        return new ConflictRetries(commandRetryExecutor, retries, firstPause, meters);
    }

    /** Axon's gateway (the one every caller here sends through), with the conflict retries. */
    @Bean
    public CommandGateway commandGateway(CommandBus commandBus, ConflictRetries conflictRetries) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(conflictRetries).build();
    }
}
