package org.tokensuite.audit.progress;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Counts what was published on topics after given positions (end offsets from the broker) and
 * reads when the oldest such record was published. Its own admin client and consumer, never
 * the processors' (it must not move their positions): the consumer only assigns and seeks.
 */
@Component
public class KafkaBacklog implements DisposableBean {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> peek;

    public KafkaBacklog(KafkaProperties kafka) {
        String servers = String.join(",", kafka.getBootstrapServers());
        // axon.kafka.properties (security among them) first, as the extension's own clients get them.
        Map<String, Object> adminConfig = new HashMap<>(kafka.getProperties());
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "audit-projector-backlog");
        this.admin = Admin.create(adminConfig);
        Map<String, Object> peekConfig = new HashMap<>(kafka.getProperties());
        peekConfig.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.CLIENT_ID_CONFIG, "audit-projector-backlog-peek",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1",
                // Only the first record's timestamp is wanted; the broker still sends at least one batch.
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1024"));
        this.peek = new KafkaConsumer<>(peekConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Records on {@code topics} after {@code lastHandled} (offset of the last record handled, per partition). */
    public synchronized Backlog after(Collection<String> topics, Map<TopicPartition, Long> lastHandled)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> described = new HashMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : admin.describeTopics(topics).topicNameValues()
                .entrySet()) {
            try {
                described.put(topic.getKey(), topic.getValue().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                // A topic not created yet holds nothing to be behind on.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        described.values().forEach(topic -> topic.partitions().forEach(p -> {
            TopicPartition partition = new TopicPartition(topic.name(), p.partition());
            latest.put(partition, OffsetSpec.latest());
            earliest.put(partition, OffsetSpec.earliest());
        }));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                admin.listOffsets(earliest).all().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long events = 0;
        Map<TopicPartition, Long> firstUnhandled = new HashMap<>();
        for (TopicPartition partition : latest.keySet()) {
            long end = ends.get(partition).offset();
            long next = Math.max(starts.get(partition).offset(),
                    lastHandled.containsKey(partition) ? lastHandled.get(partition) + 1 : 0);
            if (end > next) {
                events += end - next;
                firstUnhandled.put(partition, next);
            }
        }
        return Backlog.of(events, events == 0 ? null : oldestPublishedAt(firstUnhandled));
    }

    private Instant oldestPublishedAt(Map<TopicPartition, Long> firstUnhandled) {
        Instant oldest = null;
        for (Map.Entry<TopicPartition, Long> position : firstUnhandled.entrySet()) {
            peek.assign(List.of(position.getKey()));
            peek.seek(position.getKey(), position.getValue());
            long deadline = System.nanoTime() + ASK_TIMEOUT.toNanos();
            ConsumerRecord<byte[], byte[]> first = null;
            while (first == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : peek.poll(Duration.ofMillis(200))) {
                    first = first == null ? record : first;
                }
            }
            if (first != null) {
                Instant published = Instant.ofEpochMilli(first.timestamp());
                oldest = oldest == null || published.isBefore(oldest) ? published : oldest;
            }
        }
        peek.assign(List.of());
        return oldest;
    }

    @Override
    public void destroy() {
        synchronized (this) {
            peek.close(Duration.ofSeconds(2));
        }
        admin.close(Duration.ofSeconds(2));
    }
}
