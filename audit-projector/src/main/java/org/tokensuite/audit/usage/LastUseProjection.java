package org.tokensuite.audit.usage;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.tokensuite.audit.projection.RecordedEvent;

import java.time.Instant;

/**
 * Folds token-usage summaries ({@code TokenUsageSummarized}, one per token per window) into last
 * use per token, for the stale-token report. Telemetry, not history: it is not chained. Read as
 * JSON like the audit log (no typed deserialisation). The tracking token is stored in the same
 * transaction as the row, so a summary is applied once per Kafka record, also across crashes.
 */
@Component
@ProcessingGroup(LastUseProjection.PROCESSING_GROUP)
public class LastUseProjection {

    public static final String PROCESSING_GROUP = "audit-usage";
    static final String USAGE_SUMMARY = "TokenUsageSummarized";

    private static final Logger log = LoggerFactory.getLogger(LastUseProjection.class);

    private final LastUseWriter writer;
    private final Serializer eventSerializer;

    public LastUseProjection(LastUseWriter writer, @Qualifier("eventSerializer") Serializer eventSerializer) {
        this.writer = writer;
        this.eventSerializer = eventSerializer;
    }

    @EventHandler
    public void on(EventMessage<?> message) {
        RecordedEvent event = RecordedEvent.published(message, eventSerializer);
        if (!USAGE_SUMMARY.equals(event.type())) {
            log.debug("ignoring {} on the usage topic", event.type());
            return;
        }
        String tokenId = event.text("tokenId");
        Instant lastUsedAt = event.instant("lastUsedAt");
        long uses = event.payload().path("uses").asLong(0);
        if (tokenId == null || lastUsedAt == null || uses < 0) {
            // Telemetry: a malformed summary must not stop every later one from being applied.
            log.warn("usage summary {} without tokenId/lastUsedAt or with negative uses; skipped", message.getIdentifier());
            return;
        }
        boolean applied = writer.apply(new LastUse(tokenId, event.owner(), lastUsedAt, event.text("lastSourceAddress"), uses),
                message.getIdentifier());
        if (!applied) {
            log.info("usage summary {} was already applied; redelivery ignored", message.getIdentifier());
        }
    }
}
