package org.tokensuite.audit.projection;

import org.tokensuite.audit.chain.EventPayloads;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.time.Clock;
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

    /** The aggregate type token-command's Token events carry (Axon's aggregate type header on the record). */
    static final String TOKEN_AGGREGATE = "Token";

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final Clock clock = Clock.systemUTC();
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
        Instant occurredAt = storable(event.occurredAt()) ? event.occurredAt()
                : storable(message.getTimestamp()) ? message.getTimestamp() : clock.instant();
        JsonNode actor = event.payload().path("actor");
        JsonNode cause = event.payload().path("cause");
        String tokenId = event.text("tokenId");
        writer.append(new AuditLogWriter.NewAuditEntry(
                message.getIdentifier(),
                type,
                tokenId,
                event.owner(),
                text(actor.get("id")),
                text(actor.get("ownerId")),
                text(cause.get("reason")),
                text(cause.get("correlationId")),
                occurredAt,
                event.payload(),
                tokenVersion(message, tokenId)));
    }

    /**
     * The token's version this entry records: the sequence number of an event of the token's own aggregate (what
     * token-command answered the command with); null for any other entry, so no reader is told a version it was not.
     */
    static Long tokenVersion(EventMessage<?> message, String tokenId) {
        if (message instanceof DomainEventMessage<?> domain && TOKEN_AGGREGATE.equals(domain.getType())
                && tokenId != null && tokenId.equals(domain.getAggregateIdentifier()) && domain.getSequenceNumber() >= 0) {
            return domain.getSequenceNumber();
        }
        return null;
    }

    /**
     * An instant the chain can record: timestamptz holds it and the chain's format writes it with
     * four year digits. Otherwise (absent, unreadable, year 0 or 10000+) the entry's occurredAt is
     * the record's publication time, or failing that now; the payload keeps what was published.
     */
    private static boolean storable(Instant instant) {
        return instant != null && !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
