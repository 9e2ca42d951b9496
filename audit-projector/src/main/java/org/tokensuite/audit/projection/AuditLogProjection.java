package org.tokensuite.audit.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.TokenEvent;

import java.time.Instant;

/**
 * Records every event of token-events as one audit entry. The processor has one segment (the
 * chain is one sequence) and stores its Kafka position in tokenentry in the same transaction
 * as the entries, so each event is recorded exactly once, also across crashes; an event id seen
 * before (a re-publication) is skipped without advancing the chain.
 */
@Component
@ProcessingGroup(AuditLogProjection.PROCESSING_GROUP)
public class AuditLogProjection {

    public static final String PROCESSING_GROUP = "audit-log";

    private static final Logger log = LoggerFactory.getLogger(AuditLogProjection.class);

    private final AuditLogWriter writer;

    public AuditLogProjection(AuditLogWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    public void on(TokenEvent event, EventMessage<?> message) {
        ObjectNode payload = EventPayloads.withoutSecrets(event);
        Instant occurredAt = event.occurredAt() != null ? event.occurredAt() : message.getTimestamp();
        boolean appended = writer.append(new AuditLogWriter.NewAuditEntry(
                message.getIdentifier(),
                event.getClass().getSimpleName(),
                text(payload.get("tokenId")),
                event.ownerId() == null ? null : event.ownerId().value(),
                event.actor() == null ? null : event.actor().id(),
                event.actor() == null ? null : event.actor().ownerId(),
                event.cause() == null ? null : event.cause().reason(),
                event.cause() == null ? null : event.cause().correlationId(),
                occurredAt,
                payload));
        if (!appended) {
            log.info("event {} ({}) is already in the audit log; redelivery ignored",
                    message.getIdentifier(), event.getClass().getSimpleName());
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
