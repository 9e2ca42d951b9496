package org.tokensuite.audit.usage;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.IpAddress;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.audit.projection.RecordedEvent;
import org.tokensuite.audit.projection.StoredColumns;

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

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

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
        JsonNode uses = event.payload().path("uses");
        if (tokenId == null || !TokenId.isValid(tokenId) || lastUsedAt == null || lastUsedAt.isBefore(EARLIEST)
                || lastUsedAt.isAfter(LATEST) || !uses.canConvertToExactIntegral() || !uses.canConvertToLong()
                || uses.longValue() < 0) {
            // Telemetry: a malformed summary must not stop every later one from being applied.
            log.warn("usage summary {} without a valid tokenId, a storable lastUsedAt or a whole non-negative uses;"
                    + " skipped", StoredColumns.column(message.getIdentifier(), 255));
            return;
        }
        String owner = event.owner();
        IpAddress source = IpAddress.parseOrNull(event.text("lastSourceAddress"));
        LastUse summary = new LastUse(tokenId, owner != null && UserId.isValid(owner) ? owner : null, lastUsedAt,
                source == null ? null : source.value(), uses.longValue());
        boolean applied = writer.apply(summary, StoredColumns.column(message.getIdentifier(), 255));
        if (!applied) {
            log.info("usage summary {} was already applied; redelivery ignored", message.getIdentifier());
        }
    }
}
