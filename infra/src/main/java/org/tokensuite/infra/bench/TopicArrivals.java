package org.tokensuite.infra.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.tokensuite.infra.KafkaAccess;
import org.tokensuite.infra.KafkaPrincipal;
import org.tokensuite.infra.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * When each token's events reach {@code token-events}, as a consumer of the topic sees them: a consumer of the
 * benchmark's own (the operator's {@code suite-admin}, no group) reading from the topic's end, noting
 * {@link System#nanoTime()} as each record arrives, keyed by token id and event type. It splits a view's lag
 * into the publishing half (token-command's store to the topic) and the projecting half (the topic to the view).
 */
final class TopicArrivals implements AutoCloseable {

    private static final String TOKEN_HEADER = "axon-message-aggregate-id";
    private static final String TYPE_HEADER = "axon-message-type";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Thread reader;

    TopicArrivals(KafkaAccess kafka) {
        Map<String, Object> config = kafka.clientProperties(KafkaPrincipal.ADMIN);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(config);
        reader = new Thread(this::read, "bench-topic-arrivals");
        reader.setDaemon(true);
    }

    /** Starts reading from the topic's current end; returns once positioned there. */
    TopicArrivals start() throws InterruptedException {
        reader.start();
        if (!positioned.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("could not position a consumer at the end of " + Topics.TOKEN_EVENTS);
        }
        return this;
    }

    /** When the record of {@code simpleType} (e.g. {@code TokenIssued}) for this token arrived, waiting up to 30 s for it. */
    long arrival(String tokenId, String simpleType) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String key = key(tokenId, simpleType);
        while (true) {
            Long at = arrivals.remove(key);
            if (at != null) {
                return at;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + simpleType + " of " + tokenId + " on " + Topics.TOKEN_EVENTS + " after 30 s");
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    private void read() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TOKEN_EVENTS, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(Topics.TOKEN_EVENTS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    long now = System.nanoTime();
                    String token = header(record, TOKEN_HEADER);
                    String type = header(record, TYPE_HEADER);
                    if (token != null && type != null) {
                        arrivals.put(key(token, type.substring(type.lastIndexOf('.') + 1)), now);
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() woke the poll
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String key(String tokenId, String simpleType) {
        return tokenId + '/' + simpleType;
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }
}
