package org.tokensuite.audit.config;

import org.tokensuite.audit.settings.AuditProperties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Warns at start-up about a topic this service reads that does not exist yet. Axon's Kafka source
 * assigns a topic's partitions only when its stream opens, so a topic created later (say
 * token-signals, on token-query's first signal) is not read until this service restarts. It does
 * not create topics: their owners (infra) set partitions and retention.
 */
@Component
public class TopicPresenceCheck implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TopicPresenceCheck.class);

    private final KafkaProperties kafka;
    private final AuditProperties.Topics topics;

    public TopicPresenceCheck(KafkaProperties kafka, AuditProperties audit) {
        this.kafka = kafka;
        this.topics = audit.topics();
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> read = List.of(topics.events(), topics.signals(), topics.usage());
        // axon.kafka.properties (security among them), as the extension's own clients get them.
        Map<String, Object> config = new HashMap<>(kafka.getProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<String> missing = read.stream().filter(topic -> !existing.contains(topic)).toList();
            if (!missing.isEmpty()) {
                log.warn("topics {} do not exist yet: their events are not read until this service restarts after"
                        + " they are created", missing);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("could not list Kafka topics to check that {} exist: {}", read, e.toString());
        }
    }
}
