package org.tokensuite.lifecycle.progress;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures the HR consumer's lag from the broker on a schedule of its own: the group's committed
 * offsets against the partitions' last stable offsets (read_committed, like the consumer). The
 * health endpoint and the gauges read the last sample, so a public probe never triggers a broker
 * call. It only observes: whatever it finds, the consumer goes on retrying.
 */
@Component
public class ConsumerLagSampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagSampler.class);
    private static final long CALL_TIMEOUT_MS = 5_000;

    private final ConsumerProgress progress;
    private final KafkaListenerEndpointRegistry listeners;
    private final KafkaAdmin kafkaAdmin;
    private final HealthProperties properties;
    private final String topic;
    private final String group;
    private ScheduledExecutorService scheduler;
    private Admin admin;
    private volatile boolean running;

    public ConsumerLagSampler(ConsumerProgress progress, KafkaListenerEndpointRegistry listeners, KafkaAdmin kafkaAdmin,
                              HealthProperties properties, @Value("${lifecycle.topic}") String topic,
                              @Value("${spring.kafka.consumer.group-id}") String group) {
        this.progress = progress;
        this.listeners = listeners;
        this.kafkaAdmin = kafkaAdmin;
        this.properties = properties;
        this.topic = topic;
        this.group = group;
    }

    @Override
    public synchronized void start() {
        admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hr-consumer-lag");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.sampleInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::sample, interval, interval, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    void sample() {
        try {
            Set<TopicPartition> partitions = partitions();
            Map<TopicPartition, Long> committed = committed();
            Map<TopicPartition, Long> lags = new HashMap<>();
            if (!partitions.isEmpty()) {
                Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
                Set<TopicPartition> neverCommitted = new HashSet<>(partitions);
                neverCommitted.removeAll(committed.keySet());
                // a partition the group never committed on is read from its start (auto-offset-reset earliest)
                Map<TopicPartition, Long> starts = neverCommitted.isEmpty() ? Map.of() : offsets(neverCommitted, OffsetSpec.earliest());
                for (TopicPartition partition : partitions) {
                    long from = committed.containsKey(partition) ? committed.get(partition) : starts.getOrDefault(partition, 0L);
                    lags.put(partition, Math.max(0, ends.getOrDefault(partition, from) - from));
                }
            }
            progress.observe(lags, committed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.debug("could not measure the HR consumer's lag", cause);
            progress.sampleFailed("could not measure the lag: " + cause.getClass().getSimpleName());
        }
    }

    /** The partitions this instance consumes; all of the topic's when its consumer is not running. */
    private Set<TopicPartition> partitions() throws InterruptedException, ExecutionException, TimeoutException {
        MessageListenerContainer container = listeners.getListenerContainer(ConsumerProgress.PROCESSOR);
        if (container != null && container.isRunning()) {
            Collection<TopicPartition> assigned = container.getAssignedPartitions();
            return assigned == null ? Set.of() : new HashSet<>(assigned);
        }
        // Stopped (or never started): its work is still waiting, and this instance is the one that should do it.
        Map<String, TopicDescription> topics = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Set<TopicPartition> all = new HashSet<>();
        topics.get(topic).partitions().forEach(p -> all.add(new TopicPartition(topic, p.partition())));
        return all;
    }

    private Map<TopicPartition, Long> committed() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null && partition.topic().equals(topic)) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = admin
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }
}
