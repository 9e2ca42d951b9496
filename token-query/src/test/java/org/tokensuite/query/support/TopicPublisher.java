package org.tokensuite.query.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.messaging.Headers;
import org.axonframework.serialization.json.JacksonSerializer;
import org.tokensuite.testsupport.TestKafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes events onto {@code token-events} the way token-command does: Axon's
 * DefaultKafkaMessageConverter with a Jackson serializer, as domain event messages (aggregate id
 * and sequence in headers), keyed by owner id. The payload is the event's JSON; the type header
 * names the token-api record class, as it would had the record itself been serialized.
 */
public final class TopicPublisher implements AutoCloseable {

    public static final String TOPIC = "token-events";

    private final KafkaProducer<String, byte[]> producer;
    private final DefaultKafkaMessageConverter converter;
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();

    public TopicPublisher() {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                // Room for events far larger than the suite writes today (the topic must allow them too).
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024));
        this.converter = DefaultKafkaMessageConverter.builder()
                .serializer(JacksonSerializer.builder().objectMapper(new ObjectMapper()).build())
                .sequencingPolicy(message -> {
                    Map<?, ?> payload = (Map<?, ?>) message.getPayload();
                    Object owner = payload.get("ownerId");
                    if (owner == null) {
                        owner = payload.get("userId");
                    }
                    return owner != null ? owner : payload.get("accountId");
                })
                .build();
    }

    /** Publishes as the next event of its aggregate (the token, or the user for user-wide events). */
    public long publish(Events.TestEvent event) {
        long sequence = sequences.computeIfAbsent(event.aggregateId(), id -> new AtomicLong()).getAndIncrement();
        publish(event, sequence);
        return sequence;
    }

    /** Publishes with an explicit sequence number, e.g. to repeat an event as a re-publishing producer would. */
    public void publish(Events.TestEvent event, long sequence) {
        send(event, sequence, null);
    }

    /**
     * Publishes {@code payload} bytes as they are, headed as the next event of {@code event}'s aggregate: what an
     * old or foreign producer may have written (text no input rule would admit today, bytes that are not UTF-8,
     * not JSON at all).
     */
    public long publishRaw(Events.TestEvent event, byte[] payload) {
        long sequence = sequences.computeIfAbsent(event.aggregateId(), id -> new AtomicLong()).getAndIncrement();
        send(event, sequence, payload);
        return sequence;
    }

    /**
     * Lets the topic hold records of up to {@code bytes} (the broker's default is 1 MB), once the broker says so: the
     * controller answers the change at once, the broker applies it when the metadata reaches it, and a record sent in
     * between was refused as too large on a busy machine.
     */
    public static void allowRecordsOf(int bytes) {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
        String wanted = Integer.toString(bytes);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(topic,
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", wanted), AlterConfigOp.OpType.SET)))).all().get();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!wanted.equals(admin.describeConfigs(List.of(topic)).all().get().get(topic).get("max.message.bytes").value())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not take the topic's new record size within a minute");
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not raise the topic's record size", e.getCause());
        }
    }

    private void send(Events.TestEvent event, long sequence, byte[] rawPayload) {
        GenericDomainEventMessage<Map<String, Object>> message =
                new GenericDomainEventMessage<>("Token", event.aggregateId(), sequence, event.payload());
        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(message, TOPIC);
        if (rawPayload != null) {
            record = new ProducerRecord<>(record.topic(), record.partition(), record.key(), rawPayload, record.headers());
        }
        record.headers().remove(Headers.MESSAGE_TYPE);
        record.headers().add(Headers.MESSAGE_TYPE, event.className().getBytes(StandardCharsets.UTF_8));
        record.headers().remove(Headers.MESSAGE_REVISION);
        record.headers().add(Headers.MESSAGE_REVISION, "1".getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish a test event", e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
