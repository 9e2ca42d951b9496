package org.tokensuite.audit.progress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;
import org.tokensuite.audit.settings.AuditProperties;
import org.tokensuite.audit.settings.HealthProperties;
import org.tokensuite.audit.projection.AuditLogProjection;
import org.tokensuite.audit.usage.LastUseProjection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches every processor of this service (audit-log over token-events and token-signals,
 * audit-usage over token-usage): how many records wait behind its committed position, how old
 * the oldest is, and whether it is stalled: work waiting and no advance for longer than
 * {@code tokens.health.stall-after}. Measured on its own thread (the broker and the database
 * are asked at most once per tick), published as gauges {@code tokens.processor.lag.events},
 * {@code tokens.processor.lag.seconds} and {@code tokens.processor.stalled} (tag {@code processor})
 * and read by the readiness health check.
 */
@Component
public class ProcessorProgress implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProcessorProgress.class);

    private final Map<String, List<String>> topicsByProcessor = new LinkedHashMap<>();
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final CommittedPositions positions;
    private final KafkaBacklog backlog;
    private final ProcessorErrors errors;
    private final EventProcessingConfiguration processing;
    private final Duration stallAfter;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "processor-progress");
        thread.setDaemon(true);
        return thread;
    });

    public ProcessorProgress(AuditProperties audit, HealthProperties health, CommittedPositions positions,
                             KafkaBacklog backlog, ProcessorErrors errors, EventProcessingConfiguration processing,
                             MeterRegistry meters) {
        this.positions = positions;
        this.backlog = backlog;
        this.errors = errors;
        this.processing = processing;
        this.stallAfter = health.stallAfter();
        topicsByProcessor.put(AuditLogProjection.PROCESSING_GROUP,
                List.of(audit.topics().events(), audit.topics().signals()));
        topicsByProcessor.put(LastUseProjection.PROCESSING_GROUP, List.of(audit.topics().usage()));
        for (String processor : topicsByProcessor.keySet()) {
            watches.put(processor, new Watch(clock.instant()));
            Gauge.builder("tokens.processor.lag.events", () -> state(processor).lagEvents())
                    .tag("processor", processor).description("records published and not yet handled")
                    .register(meters);
            Gauge.builder("tokens.processor.lag.seconds", () -> state(processor).lagSeconds())
                    .tag("processor", processor).description("age of the oldest record not yet handled")
                    .register(meters);
            Gauge.builder("tokens.processor.stalled", () -> state(processor).stalled() ? 1 : 0)
                    .tag("processor", processor).description("1 when work waits and the processor has not advanced")
                    .register(meters);
        }
    }

    /** Measures from when the application is ready (not during start-up, while beans are still being made). */
    @Override
    public void onApplicationEvent(ApplicationReadyEvent ready) {
        long tick = Math.max(200, Math.min(5_000, stallAfter.toMillis() / 4));
        ticker.scheduleWithFixedDelay(this::measureAll, 0, tick, TimeUnit.MILLISECONDS);
    }

    /** The processors watched, in a stable order. */
    public List<String> processors() {
        return List.copyOf(topicsByProcessor.keySet());
    }

    /** The latest measurement of one processor. */
    public ProcessorState state(String processor) {
        return watches.get(processor).state;
    }

    /** Measured now, not from the last tick: what {@code /v1/audit/verify} reports as {@code behind}. */
    public Backlog behindNow(String processor) {
        try {
            return backlog.after(topicsByProcessor.get(processor), positions.of(processor));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Backlog.unknown("interrupted");
        } catch (Exception e) {
            return Backlog.unknown("could not compare with the broker: " + e.getClass().getSimpleName());
        }
    }

    private void measureAll() {
        for (String processor : topicsByProcessor.keySet()) {
            try {
                measure(processor);
            } catch (RuntimeException | LinkageError e) {
                log.warn("could not measure processor {}: {}", processor, e.toString());
            }
        }
    }

    private void measure(String processor) {
        Watch watch = watches.get(processor);
        Instant now = clock.instant();
        Map<TopicPartition, Long> committed = null;
        Backlog behind;
        try {
            committed = positions.of(processor);
        } catch (RuntimeException e) {
            note(watch, processor, e);
        }
        try {
            // Without the database, the last positions read still show new records piling up.
            Map<TopicPartition, Long> from = committed != null ? committed : watch.lastPositions;
            behind = from == null ? Backlog.unknown("its committed position cannot be read")
                    : backlog.after(topicsByProcessor.get(processor), from);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            note(watch, processor, e);
            behind = Backlog.unknown(e.getClass().getName());
        }
        if (committed != null && behind.known()) {
            watch.failing = false;
        }
        if (committed != null && !committed.equals(watch.lastPositions)) {
            watch.lastPositions = committed;
            watch.lastAdvance = now;
        }
        long events = behind.known() ? behind.events() : watch.state.lagEvents();
        if (behind.known() && events == 0) {
            watch.lastAdvance = now;
        }
        Duration still = Duration.between(watch.lastAdvance, now);
        boolean stalled = events > 0 && still.compareTo(stallAfter) > 0;
        double lagSeconds = behind.oldestPublishedAt() == null ? (behind.known() ? 0 : watch.state.lagSeconds())
                : Math.max(0, Duration.between(behind.oldestPublishedAt(), now).toMillis() / 1000.0);
        String lastError = lastError(processor).orElse(behind.known() ? null : behind.unknown());
        if (stalled && !watch.state.stalled()) {
            log.error("processor {} is stalled: {} records waiting, no advance for {}; last error: {}", processor,
                    events, still, lastError);
        }
        watch.state = new ProcessorState(processor, events, lagSeconds, stalled, still, lastError, true);
        log.debug("{}: {} waiting, oldest {}, no advance for {}, stalled {}", processor, events,
                behind.oldestPublishedAt(), still, stalled);
    }

    /** Logs a measuring failure once, when it starts, not on every tick. */
    private static void note(Watch watch, String processor, Exception e) {
        if (!watch.failing) {
            watch.failing = true;
            log.warn("could not measure how far processor {} is behind: {}", processor, e.toString());
        }
    }

    /** The processor's own error state if it reports one, else the last error its handlers raised. */
    private Optional<String> lastError(String processor) {
        Optional<StreamingEventProcessor> streaming =
                processing.eventProcessor(processor, StreamingEventProcessor.class);
        if (streaming.isPresent()) {
            for (EventTrackerStatus status : streaming.get().processingStatus().values()) {
                if (status.isErrorState() && status.getError() != null) {
                    return Optional.of(status.getError().getClass().getName());
                }
            }
        }
        Throwable handlerError = errors.last(processor);
        return Optional.ofNullable(handlerError).map(e -> e.getClass().getName());
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
    }

    private static final class Watch {
        volatile ProcessorState state;
        Map<TopicPartition, Long> lastPositions;
        Instant lastAdvance;
        boolean failing;

        Watch(Instant now) {
            this.lastAdvance = now;
            this.state = ProcessorState.notMeasured();
        }
    }
}
