package org.tokensuite.command.health;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tokensuite.command.signal.AnomalyResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Samples every processor of token-command once per {@code tokens.health.sample-interval}: the
 * Axon streaming processors (the Kafka publisher, user-policies) against the event store's head,
 * and the token-signals consumer group against the topic's end offsets. With several instances on
 * one event store, only the one holding a processor's segment claim reports its lag; the others
 * report it caught up while that claim is live (and as lagging once it has lapsed untaken).
 */
@Component
public class ProcessorSampler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessorSampler.class);
    static final String SIGNALS = "token-signals-consumer";
    /** Axon's token claim timeout: a claim not extended for this long may be taken over by another instance. */
    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final ProcessorWatch watch;
    private final Duration stallAfter;
    private final Clock clock;
    private final KafkaAdmin kafkaAdmin;
    private final String signalsTopic;
    private final boolean signalsEnabled;
    private final AtomicReference<String> signalsError = new AtomicReference<>();
    private Admin admin;

    public ProcessorSampler(EventProcessingConfiguration processing, JdbcTemplate jdbc, ProcessorWatch watch, Clock clock,
                            KafkaAdmin kafkaAdmin,
                            @Value("${tokens.health.stall-after:PT30S}") Duration stallAfter,
                            @Value("${tokens.signals.topic:token-signals}") String signalsTopic,
                            @Value("${tokens.signals.enabled:true}") boolean signalsEnabled) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.watch = watch;
        this.clock = clock;
        this.kafkaAdmin = kafkaAdmin;
        this.stallAfter = stallAfter;
        this.signalsTopic = signalsTopic;
        this.signalsEnabled = signalsEnabled;
    }

    /** The token-signals consumer reports its failures here (its error handler's retry listener). */
    public void signalsFailed(Throwable error) {
        signalsError.set(rootClass(error));
    }

    @Scheduled(fixedDelayString = "${tokens.health.sample-interval:PT1S}", initialDelayString = "${tokens.health.sample-interval:PT1S}")
    public void sample() {
        Instant now = clock.instant();
        try {
            sampleEventProcessors(now);
        } catch (RuntimeException e) {
            // The event store itself is unreachable: every processor is then behind by an unknown amount.
            log.debug("sampling the event processors failed: {}", e.getClass().getName());
        }
        if (signalsEnabled) {
            try {
                sampleSignalsConsumer(now);
            } catch (Exception e) {
                log.debug("sampling the token-signals consumer failed: {}", e.getClass().getName());
            }
        }
    }

    private void sampleEventProcessors(Instant now) {
        Long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        for (var entry : processing.eventProcessors().entrySet()) {
            if (!(entry.getValue() instanceof StreamingEventProcessor processor)) {
                continue;
            }
            long position = -1;
            String error = null;
            boolean anyStatus = false;
            for (EventTrackerStatus status : processor.processingStatus().values()) {
                OptionalLong current = status.getCurrentPosition();
                long segmentPosition = current.isPresent() ? current.getAsLong() : -1;
                position = anyStatus ? Math.min(position, segmentPosition) : segmentPosition;
                anyStatus = true;
                if (status.isErrorState() && status.getError() != null) {
                    error = rootClass(status.getError());
                }
            }
            long lag;
            long lagSeconds = 0;
            if (!anyStatus && claimedElsewhere(entry.getKey(), now)) {
                // Another instance on this event store holds the segment and reports the lag; this one stands by.
                lag = 0;
            } else if (head == null || (anyStatus && position >= head)) {
                lag = 0;
            } else {
                long from = anyStatus ? position : -1;
                lag = head - from;
                List<String> oldest = jdbc.queryForList(
                        "SELECT timestamp FROM domainevententry WHERE globalindex > ? ORDER BY globalindex LIMIT 1", String.class, from);
                if (!oldest.isEmpty()) {
                    lagSeconds = Math.max(0, Duration.between(Instant.parse(oldest.get(0)), now).toSeconds());
                }
            }
            update(entry.getKey(), lag, lagSeconds, position, error, now);
        }
    }

    /** Whether some node's claim on the processor's token was extended within the claim timeout. */
    private boolean claimedElsewhere(String processor, Instant now) {
        List<String> claims = jdbc.queryForList(
                "SELECT timestamp FROM tokenentry WHERE processorname = ? AND owner IS NOT NULL", String.class, processor);
        for (String claimedAt : claims) {
            try {
                if (claimedAt != null && Duration.between(Instant.parse(claimedAt), now).compareTo(CLAIM_TIMEOUT) < 0) {
                    return true;
                }
            } catch (java.time.format.DateTimeParseException e) {
                // not a time Axon wrote: no live claim
            }
        }
        return false;
    }

    private void sampleSignalsConsumer(Instant now) throws Exception {
        Admin kafka = admin();
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(AnomalyResponse.GROUP_ID)
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        var description = kafka.describeTopics(List.of(signalsTopic)).allTopicNames().get(5, TimeUnit.SECONDS).get(signalsTopic);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        description.partitions().forEach(p -> {
            latest.put(new TopicPartition(signalsTopic, p.partition()), OffsetSpec.latest());
            earliest.put(new TopicPartition(signalsTopic, p.partition()), OffsetSpec.earliest());
        });
        var ends = kafka.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
        var starts = kafka.listOffsets(earliest).all().get(5, TimeUnit.SECONDS);
        long lag = 0;
        long position = 0;
        for (TopicPartition partition : latest.keySet()) {
            OffsetAndMetadata done = committed.get(partition);
            long at = done != null ? done.offset() : starts.get(partition).offset();
            position += at;
            lag += Math.max(0, ends.get(partition).offset() - at);
        }
        ProcessorProgress before = watch.get(SIGNALS);
        // Kafka records carry no age we can read cheaply here: the time waited since the group last moved stands for it.
        long lagSeconds = lag == 0 || before == null ? 0 : Duration.between(before.lastAdvancedAt(), now).toSeconds();
        update(SIGNALS, lag, lagSeconds, position, lag == 0 ? null : signalsError.get(), now);
        if (lag == 0) {
            signalsError.set(null);
        }
    }

    private void update(String name, long lag, long lagSeconds, long position, String error, Instant now) {
        ProcessorProgress before = watch.get(name);
        watch.record(before == null
                ? ProcessorProgress.first(name, lag, lagSeconds, position, error, now)
                : before.next(lag, lagSeconds, position, error, now, stallAfter));
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        }
        return admin;
    }

    private static String rootClass(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName();
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
