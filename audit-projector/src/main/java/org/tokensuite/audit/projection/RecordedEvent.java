package org.tokensuite.audit.projection;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * An event as the audit log recorded it: its type's simple name and its JSON payload. Read as
 * JSON, not as today's Java event classes, so that history stays readable whatever later
 * revisions or stricter validation do to those classes.
 */
public record RecordedEvent(String type, JsonNode payload) {

    /**
     * The event as published, secrets included: a Kafka source's messages are still serialised,
     * and with the same serializer this hands back the published bytes without deserialising
     * them. The type is the simple name of the payload type header.
     */
    public static RecordedEvent published(EventMessage<?> message, Serializer eventSerializer) {
        SerializedObject<byte[]> serialized = message.serializePayload(eventSerializer, byte[].class);
        String className = serialized.getType().getName();
        int cut = Math.max(className.lastIndexOf('.'), className.lastIndexOf('$'));
        return new RecordedEvent(className.substring(cut + 1), EventPayloads.parse(serialized.getData()));
    }

    public String text(String field) {
        JsonNode value = payload.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The owner the event concerns: {@code ownerId}, or {@code userId} for user-level events. */
    public String owner() {
        String owner = text("ownerId");
        return owner != null ? owner : text("userId");
    }

    public Instant occurredAt() {
        return instant("occurredAt");
    }

    /** ISO-8601 text, or epoch seconds as a number (Jackson's form when dates are written as timestamps). */
    public Instant instant(String field) {
        JsonNode value = payload.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            BigDecimal seconds = value.decimalValue();
            long whole = seconds.longValue();
            int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
            return Instant.ofEpochSecond(whole, nanos);
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("recorded " + type + " has an unreadable " + field, e);
        }
    }

    public List<String> strings(String field) {
        JsonNode value = payload.get(field);
        List<String> strings = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.elements().forEachRemaining(element -> strings.add(element.asText()));
        }
        return strings;
    }
}
