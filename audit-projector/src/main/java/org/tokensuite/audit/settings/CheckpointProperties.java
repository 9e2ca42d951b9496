package org.tokensuite.audit.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code tokens.audit.checkpoints.*}: how often the chain head is signed (every {@code everyEntries}
 * entries, and every {@code every} when the head moved), where the Ed25519 private key lives, and
 * the Kafka topic checkpoints are published on (retried every {@code publishInterval}).
 */
@ConfigurationProperties("tokens.audit.checkpoints")
public record CheckpointProperties(long everyEntries, Duration every, Path keyFile, String topic,
                                   Duration publishInterval) {

    public CheckpointProperties {
        if (everyEntries < 1 || every == null || every.isNegative() || every.isZero()
                || publishInterval == null || publishInterval.isNegative() || publishInterval.isZero()) {
            throw new IllegalArgumentException(
                    "tokens.audit.checkpoints: every-entries must be >= 1, every and publish-interval positive");
        }
        if (keyFile == null || topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("tokens.audit.checkpoints: key-file and topic are required");
        }
    }
}
