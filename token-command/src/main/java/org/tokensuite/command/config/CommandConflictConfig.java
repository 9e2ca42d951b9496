package org.tokensuite.command.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.command.conflict.ConflictRetries;

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

    /** SQLSTATE unique_violation. */
    static final String UNIQUE_VIOLATION = "23505";

    /**
     * A lost race for an event's place in the event store breaks the unique (aggregate id, sequence number)
     * key. Axon's default resolver looks for {@code SQLIntegrityConstraintViolationException}, which
     * PostgreSQL's driver never throws; it reports SQLSTATE 23505 (unique_violation), also on the batch
     * insert's {@code BatchUpdateException}. Recognised, Axon raises a concurrency conflict, not a storage failure.
     */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
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
