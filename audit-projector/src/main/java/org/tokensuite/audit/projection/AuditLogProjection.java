package org.tokensuite.audit.projection;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Records every event of token-events and every security signal of token-signals
 * ({@code TokenUseRefused}, {@code TokenAnomalyDetected}) as one audit entry of the same chain,
 * whatever its type (the source reads both topics, see KafkaSources): the payload is
 * taken as published (JSON), never deserialised into Java classes, so an event of a type or
 * revision this service does not know is still recorded rather than skipped or blocking.
 * The processor has one segment (the chain is one sequence) and stores its Kafka position in
 * tokenentry in the same transaction as the entries, so each event is recorded exactly once,
 * also across crashes; an event id seen before (a re-publication) is skipped without advancing
 * the chain.
 */
@Component
@ProcessingGroup(AuditLogProjection.PROCESSING_GROUP)
public class AuditLogProjection {

    public static final String PROCESSING_GROUP = "audit-log";

    private static final Logger log = LoggerFactory.getLogger(AuditLogProjection.class);

    private final AuditLogWriter writer;
    private final Serializer eventSerializer;

    public AuditLogProjection(AuditLogWriter writer, @Qualifier("eventSerializer") Serializer eventSerializer) {
        this.writer = writer;
        this.eventSerializer = eventSerializer;
    }

    @EventHandler
    public void on(EventMessage<?> message) {
        RecordedEvent published = RecordedEvent.published(message, eventSerializer);
        String type = published.type();
        RecordedEvent event = new RecordedEvent(type, EventPayloads.withoutSecrets(published.payload()));
        Instant occurredAt = event.occurredAt() != null ? event.occurredAt() : message.getTimestamp();
        JsonNode actor = event.payload().path("actor");
        JsonNode cause = event.payload().path("cause");
        boolean appended = writer.append(new AuditLogWriter.NewAuditEntry(
                message.getIdentifier(),
                type,
                event.text("tokenId"),
                event.owner(),
                text(actor.get("id")),
                text(actor.get("ownerId")),
                text(cause.get("reason")),
                text(cause.get("correlationId")),
                occurredAt,
                event.payload()));
        if (!appended) {
            log.info("event {} ({}) is already in the audit log; redelivery ignored", message.getIdentifier(), type);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
