package org.tokensuite.query.index;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.extensions.kafka.eventhandling.HeaderUtils;
import org.axonframework.messaging.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.tokensuite.query.event.TokenChange;
import org.tokensuite.query.event.TokenChangeReader;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds the {@link TokenIndex} from every partition of the event topic, from the beginning
 * (the topic keeps every event forever). Deliberately not a segment-claiming Axon processor:
 * each instance must see every event, whichever instance's processor owns which segment.
 */
public class IndexFeeder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IndexFeeder.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final TokenIndex index;
    private final IndexProgress progress;
    private final TokenChangeReader reader;
    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final Duration lagRefreshInterval;
    private final Clock clock;
    private final Map<TopicPartition, Long> positions = new HashMap<>();

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public IndexFeeder(TokenIndex index, IndexProgress progress, TokenChangeReader reader,
                       Map<String, Object> kafkaConsumerProperties, String topic, Duration lagRefreshInterval,
                       Clock clock) {
        this.index = index;
        this.progress = progress;
        this.reader = reader;
        this.topic = topic;
        this.lagRefreshInterval = lagRefreshInterval;
        this.clock = clock;
        Map<String, Object> config = new HashMap<>(kafkaConsumerProperties);
        // Manual assignment, no group: no offsets are committed, no rebalancing, every partition.
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        Object clientId = config.get(ConsumerConfig.CLIENT_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, (clientId == null ? "token-query" : clientId) + "-index");
        this.consumerConfig = config;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "token-index-feeder");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
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
        while (running && progress.failure() == null) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig)) {
                consumer = kafka;
                consume(kafka);
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                if (running) {
                    progress.error(e);
                    log.warn("token index feeder lost its consumer ({}); reconnecting", e.toString());
                    pause(Duration.ofSeconds(1));
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void consume(KafkaConsumer<String, byte[]> kafka) {
        List<TopicPartition> partitions = awaitPartitions(kafka);
        if (partitions.isEmpty()) {
            return;
        }
        kafka.assign(partitions);
        for (TopicPartition partition : partitions) {
            Long position = positions.get(partition);
            if (position == null) {
                kafka.seekToBeginning(List.of(partition));
                positions.put(partition, kafka.position(partition));
            } else {
                kafka.seek(partition, position); // after a reconnect: continue, the index already holds the rest
            }
        }
        Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
        progress.startTargets(ends);
        progress.endOffsets(ends, clock.millis());
        progress.advanced(positions);
        long nextRefresh = clock.millis() + lagRefreshInterval.toMillis();
        while (running) {
            ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
            for (ConsumerRecord<String, byte[]> record : records) {
                apply(record);
                positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                if (progress.failure() != null) {
                    return;
                }
            }
            long now = clock.millis();
            if (now >= nextRefresh) {
                progress.endOffsets(kafka.endOffsets(partitions, Duration.ofSeconds(5)), now);
                nextRefresh = now + lagRefreshInterval.toMillis();
            }
            progress.advanced(positions);
        }
    }

    /** Reads the record as Axon's DefaultKafkaMessageConverter wrote it: type and sequence in headers, JSON payload. */
    private void apply(ConsumerRecord<String, byte[]> record) {
        TokenChange change;
        Long sequence;
        try {
            change = reader.read(HeaderUtils.valueAsString(record.headers(), Headers.MESSAGE_TYPE), record.value(),
                    record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()));
            sequence = record.headers().lastHeader(Headers.AGGREGATE_SEQ) == null ? null
                    : HeaderUtils.valueAsLong(record.headers(), Headers.AGGREGATE_SEQ);
        } catch (IOException | RuntimeException e) {
            change = null;
            sequence = null;
        }
        if (change == null) {
            // Not an event of ours (or unreadable): skipping it cannot make any token active.
            progress.skipped();
            log.warn("token index skipped record {}-{}@{}: not a readable token event",
                    record.topic(), record.partition(), record.offset());
            return;
        }
        try {
            index.apply(change, sequence);
            progress.applied();
        } catch (RuntimeException e) {
            // Going on would leave the index silently wrong; stop and fail closed instead.
            progress.error(e);
            progress.failed("could not apply " + change.type() + " at " + record.partition() + "@" + record.offset()
                    + ": " + e.getClass().getSimpleName());
            log.error("token index stopped: could not apply {} at {}-{}@{}", change.type(),
                    record.topic(), record.partition(), record.offset(), e);
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka) {
        while (running) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo info : infos) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
                return partitions;
            }
            log.info("token index waiting for topic {} to exist", topic);
            pause(Duration.ofSeconds(1));
        }
        return List.of();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
