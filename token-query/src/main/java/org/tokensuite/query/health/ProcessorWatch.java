package org.tokensuite.query.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tokensuite.query.settings.TokensProperties;
import org.tokensuite.query.index.IndexProgress;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches every reader of the event topic in token-query (the index feeder {@code token-index} and
 * each Axon streaming processor, e.g. {@code token-view}) on its own thread: lag in events (topic end
 * offsets minus what the processor applied) and in seconds, and whether it is stalled: it has work
 * and has not advanced for longer than {@code tokens.health.stall-after}. Readiness reports a stalled
 * processor DOWN ({@link ProcessorsHealthIndicator}); the gauges {@code tokens.processor.lag.events},
 * {@code tokens.processor.lag.seconds} and {@code tokens.processor.stalled} (tag {@code processor})
 * say it at all times. Nothing here is on a request path.
 */
public class ProcessorWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProcessorWatch.class);
    /** Bounds the end-offset history per partition (one entry per check at most). */
    private static final int MAX_SAMPLES = 10_000;

    private final IndexProgress index;
    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Serializer tokenSerializer;
    private final ProcessorErrors errors;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final long stallAfterMillis;
    private final long intervalMillis;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    /** Per partition: (end offset, when the watch first saw it), oldest first. */
    private final Map<TopicPartition, ArrayDeque<long[]>> endHistory = new HashMap<>();
    private Map<TopicPartition, Long> ends = Map.of();

    private volatile boolean running;
    private Thread thread;

    public ProcessorWatch(IndexProgress index, EventProcessingConfiguration processing, JdbcTemplate jdbc,
                          Serializer tokenSerializer, ProcessorErrors errors, MeterRegistry meters, Clock clock,
                          Map<String, Object> kafkaConsumerProperties, String topic, TokensProperties.Health health) {
        this.index = index;
        this.processing = processing;
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setQueryTimeout(2);
        this.tokenSerializer = tokenSerializer;
        this.errors = errors;
        this.meters = meters;
        this.clock = clock;
        this.topic = topic;
        this.stallAfterMillis = health.stallAfter().toMillis();
        this.intervalMillis = health.checkInterval().toMillis();
        Map<String, Object> config = new HashMap<>(kafkaConsumerProperties);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Object clientId = config.get(ConsumerConfig.CLIENT_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, (clientId == null ? "token-query" : clientId) + "-watch");
        this.consumerConfig = config;
    }

    /** The processors as last checked, by name. */
    public List<ProcessorState> states() {
        List<ProcessorState> states = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            states.add(t.state);
        }
        states.sort((a, b) -> a.name().compareTo(b.name()));
        return states;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "token-processor-watch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        KafkaConsumer<byte[], byte[]> consumer = null;
        while (running) {
            try {
                if (consumer == null) {
                    consumer = new KafkaConsumer<>(consumerConfig);
                }
                check(consumer);
            } catch (RuntimeException e) {
                // A broker outage: keep the last end offsets (a processor that cannot advance meanwhile is stalled).
                log.debug("processor watch: {}", e.toString());
                try {
                    check(null);
                } catch (RuntimeException again) {
                    log.debug("processor watch: {}", again.toString()); // the next round tries again
                }
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                break;
            }
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** One round: end offsets (when a consumer is given), then every processor's state. */
    void check(KafkaConsumer<byte[], byte[]> consumer) {
        long now = clock.millis();
        if (consumer != null) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
                ends = Map.copyOf(consumer.endOffsets(partitions, Duration.ofSeconds(5)));
                ends.forEach((partition, end) -> {
                    ArrayDeque<long[]> history = endHistory.computeIfAbsent(partition, p -> new ArrayDeque<>());
                    if ((history.isEmpty() || history.peekLast()[0] < end) && history.size() < MAX_SAMPLES) {
                        history.addLast(new long[] {end, now});
                    }
                });
            }
        }
        List<WatchedProcessor> processors = new ArrayList<>();
        processors.add(new IndexFeederWatch(index));
        for (StreamingEventProcessor processor : processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast).toList()) {
            processors.add(new StreamingProcessorWatch(processor, jdbc, tokenSerializer, errors));
        }
        for (WatchedProcessor processor : processors) {
            tracked.computeIfAbsent(processor.name(), this::register).update(processor, now);
        }
        forgetApplied();
    }

    private Tracked register(String name) {
        Tracked t = new Tracked(name, clock.millis());
        Gauge.builder("tokens.processor.lag.events", t, x -> x.state.lagEvents()).tag("processor", name)
                .description("events on the topic the processor has not applied yet (-1: not known yet)").register(meters);
        Gauge.builder("tokens.processor.lag.seconds", t, x -> x.state.lagSeconds()).tag("processor", name)
                .description("how long the oldest event the processor has not applied has been on the topic").register(meters);
        Gauge.builder("tokens.processor.stalled", t, x -> x.state.stalled() ? 1 : 0).tag("processor", name)
                .description("1 while the processor has work and has not advanced for tokens.health.stall-after").register(meters);
        return t;
    }

    /** One processor's progress between checks (watch thread only, but for the published state). */
    private final class Tracked {

        private final String name;
        private Map<TopicPartition, Long> lastPositions;
        private long lastAdvanceMillis;
        private boolean wasStalled;
        volatile ProcessorState state;

        Tracked(String name, long now) {
            this.name = name;
            this.lastAdvanceMillis = now;
            this.state = new ProcessorState(name, -1, 0, false, 0, null);
        }

        void update(WatchedProcessor processor, long now) {
            Map<TopicPartition, Long> positions;
            try {
                positions = processor.positions();
            } catch (RuntimeException unknown) {
                positions = lastPositions; // cannot tell now: not an advance
            }
            long lag = -1;
            long lagMillis = 0;
            if (positions != null && !ends.isEmpty()) {
                lag = 0;
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    long next = positions.getOrDefault(end.getKey(), 0L);
                    lag += Math.max(0, end.getValue() - next);
                    lagMillis = Math.max(lagMillis, waitingMillis(end.getKey(), next, now));
                }
            }
            if (lag == 0 || (positions != null && lastPositions != null && advanced(lastPositions, positions))
                    || (positions != null && lastPositions == null)) {
                lastAdvanceMillis = now;
            }
            if (positions != null) {
                lastPositions = positions;
            }
            long idle = now - lastAdvanceMillis;
            boolean stalled = lag != 0 && idle > stallAfterMillis;
            String error = processor.lastError();
            if (stalled != wasStalled) {
                if (stalled) {
                    log.warn("processor {} stalled: {} events behind, not advanced for {} s (last error: {})",
                            name, lag, idle / 1000, error);
                } else {
                    log.info("processor {} advancing again", name);
                }
                wasStalled = stalled;
            }
            state = new ProcessorState(name, lag, lag == 0 ? 0 : lagMillis / 1000, stalled, idle / 1000, error);
        }
    }

    /** How long offset {@code next} of the partition has existed, as first seen by the watch (0: not yet written). */
    private long waitingMillis(TopicPartition partition, long next, long now) {
        ArrayDeque<long[]> history = endHistory.get(partition);
        if (history == null) {
            return 0;
        }
        for (long[] sample : history) {
            if (sample[0] > next) {
                return now - sample[1];
            }
        }
        return 0;
    }

    /** Forgets end offsets every processor has passed (the newest is kept: it dates what comes next). */
    private void forgetApplied() {
        for (Map.Entry<TopicPartition, ArrayDeque<long[]>> partition : endHistory.entrySet()) {
            long slowest = Long.MAX_VALUE;
            for (Tracked t : tracked.values()) {
                slowest = Math.min(slowest, t.lastPositions == null ? 0 : t.lastPositions.getOrDefault(partition.getKey(), 0L));
            }
            ArrayDeque<long[]> history = partition.getValue();
            while (history.size() > 1 && history.peekFirst()[0] <= slowest) {
                history.removeFirst();
            }
        }
    }

    private static boolean advanced(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        for (Map.Entry<TopicPartition, Long> position : after.entrySet()) {
            if (position.getValue() > before.getOrDefault(position.getKey(), 0L)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
