package org.tokensuite.audit.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.tokensuite.audit.settings.CheckpointProperties;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes stored checkpoints on the checkpoint topic (JSON, key "audit"), oldest first, and
 * remembers how far it got in audit_checkpoint_published. Own thread and own producer: a broker
 * outage only delays publication (retried every {@code publishInterval}; at least once, so a
 * consumer may see a checkpoint twice and keys on seq), never the writer.
 */
@Component
public class CheckpointPublisher implements SmartLifecycle {

    static final String KEY = "audit";

    private static final Logger log = LoggerFactory.getLogger(CheckpointPublisher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);

    private final Checkpoints checkpoints;
    private final ObjectMapper json;
    private final KafkaProperties kafka;
    private final String topic;
    private final Duration interval;
    private ScheduledExecutorService timer;
    private KafkaProducer<String, String> producer;
    private boolean failing;

    public CheckpointPublisher(Checkpoints checkpoints, ObjectMapper json, KafkaProperties kafka,
                               CheckpointProperties properties) {
        this.checkpoints = checkpoints;
        this.json = json;
        this.kafka = kafka;
        this.topic = properties.topic();
        this.interval = properties.publishInterval();
    }

    void publishPending() {
        try {
            List<Checkpoint> pending;
            while (!(pending = checkpoints.unpublished(100)).isEmpty()) {
                for (Checkpoint checkpoint : pending) {
                    producer.send(new ProducerRecord<>(topic, KEY, json.writeValueAsString(checkpoint)))
                            .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    checkpoints.publishedThrough(checkpoint.seq());
                }
            }
            if (failing) {
                log.info("audit checkpoints are published on {} again", topic);
                failing = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!failing) {
                log.warn("could not publish audit checkpoints on {} (stored, retried every {}): {}", topic, interval,
                        e.toString());
            }
            failing = true;
        }
    }

    @Override
    public synchronized void start() {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "audit-projector-checkpoints");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "audit-checkpoint-publisher");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::publishPending, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
            producer.close(Duration.ofSeconds(2));
            producer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
