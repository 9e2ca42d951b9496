package org.tokensuite.command.usage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.TokenUsageSummarized;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.command.user.LastUses;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads token-query's {@code TokenUsageSummarized} from {@code token-usage} and keeps each token's last use, which a
 * bulk revocation's {@code notUsedSince} selects by. The offset is committed after the row is written, so a crash
 * reads a summary again (harmless: the last use only moves forward). Last use is therefore as fresh as token-query's
 * flush window plus this consumer's lag, never fresher.
 */
@Component
public class LastUseConsumer {

    public static final String GROUP_ID = "token-command-last-use";

    private static final Logger log = LoggerFactory.getLogger(LastUseConsumer.class);

    private final LastUses lastUses;
    private final KafkaMessageConverter<String, byte[]> converter;

    public LastUseConsumer(LastUses lastUses, KafkaMessageConverter<String, byte[]> converter) {
        this.lastUses = lastUses;
        this.converter = converter;
    }

    /**
     * One poll's summaries, written as one batch (the latest use per token), then acknowledged together: one
     * statement per summary would hold the rows a bulk revocation is updating, summary after summary.
     */
    @KafkaListener(id = GROUP_ID, groupId = GROUP_ID, topics = "${tokens.usage.topic}", autoStartup = "${tokens.usage.enabled}",
            batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records, Acknowledgment ack) {
        Map<TokenId, Instant> latest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            summary(record).ifPresent(summary -> latest.merge(summary.tokenId(), summary.lastUsedAt(),
                    (one, other) -> one.isAfter(other) ? one : other));
        }
        // A failure to write propagates: the container hands the whole poll over again, unacknowledged.
        lastUses.record(latest);
        ack.acknowledge();
    }

    private Optional<TokenUsageSummarized> summary(ConsumerRecord<String, byte[]> record) {
        try {
            Optional<EventMessage<?>> message = converter.readKafkaMessage(record);
            if (message.isEmpty() || !TokenUsageSummarized.class.equals(message.get().getPayloadType())) {
                return Optional.empty();
            }
            TokenUsageSummarized summary = (TokenUsageSummarized) message.get().getPayload();
            if (summary == null || summary.tokenId() == null || summary.lastUsedAt() == null) {
                throw new IllegalArgumentException("no token id or last use");
            }
            return Optional.of(summary);
        } catch (RuntimeException e) {
            // A malformed summary never becomes valid: skip it rather than block the partition.
            log.warn("unreadable usage summary at {}-{}@{} skipped: {}", record.topic(), record.partition(), record.offset(),
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
