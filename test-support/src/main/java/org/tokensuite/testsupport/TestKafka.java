package org.tokensuite.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A real Kafka broker for tests, one per JVM, chosen in this order: {@code TEST_KAFKA_BOOTSTRAP_SERVERS}
 * from the environment; a Testcontainers broker when a Docker engine answers; otherwise a KRaft
 * broker started inside this JVM. Never a mock.
 */
public final class TestKafka {

    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
    private static volatile String bootstrapServers;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = start();
        }
        return bootstrapServers;
    }

    /** Creates the topics if missing (idempotent). */
    public static void createTopics(int partitions, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + topic, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String start() {
        String fromEnv = System.getenv("TEST_KAFKA_BOOTSTRAP_SERVERS");
        if (fromEnv != null && !fromEnv.isBlank()) {
            log.info("test Kafka: {} from TEST_KAFKA_BOOTSTRAP_SERVERS", fromEnv);
            return fromEnv;
        }
        if (TestDocker.available()) {
            KafkaContainer container = new KafkaContainer("apache/kafka:3.9.1");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            log.info("test Kafka: Testcontainers at {}", container.getBootstrapServers());
            return container.getBootstrapServers();
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaKraftBroker(1, 4)
                .brokerProperties(Map.of(
                        "auto.create.topics.enable", "true",
                        "num.partitions", "4",
                        "log.retention.ms", "-1",
                        "group.initial.rebalance.delay.ms", "0",
                        "offsets.topic.num.partitions", "4"));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        log.info("test Kafka: in-JVM KRaft broker at {}", broker.getBrokersAsString());
        return broker.getBrokersAsString();
    }
}
