package org.tokensuite.audit.projection;

import org.tokensuite.audit.chain.EventPayloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.tokensuite.platform.event.EventWireFormat;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;

/**
 * An event as the audit log recorded it: its type's simple name and its JSON payload. Read as
 * JSON, not as today's Java event classes, so that history stays readable whatever later
 * revisions or stricter validation do to those classes (and an event of a type or revision this
 * service does not know is still recorded). The field names are the token-api records' in the
 * platform's {@code EventWireFormat}: {@code AuditEntryContractTest} reads the shared samples
 * (token-api's {@code events/}) through the projection, so a changed record fails there.
 */
public record RecordedEvent(String type, JsonNode payload) {

    /** Field of the payload recorded for published bytes that are not JSON: the bytes, base64. */
    public static final String UNREADABLE_PAYLOAD = "unreadablePayloadBase64";

    /**
     * The event as published, secrets included: a Kafka source's messages are still serialised,
     * and with the same serializer this hands back the published bytes without deserialising
     * them. The type is the simple name of the payload type header. Bytes that are not JSON
     * (Jackson's default limits) are kept as {@code {"unreadablePayloadBase64": "..."}}: no
     * content may stop the projector, and nothing published goes unrecorded.
     */
    public static RecordedEvent published(EventMessage<?> message, Serializer eventSerializer) {
        SerializedObject<byte[]> serialized = message.serializePayload(eventSerializer, byte[].class);
        return new RecordedEvent(EventWireFormat.simpleName(serialized.getType().getName()),
                readable(serialized.getData()));
    }

    private static JsonNode readable(byte[] data) {
        try {
            JsonNode payload = EventPayloads.parse(data);
            // Empty bytes parse as "missing"; record them like other unreadable bytes.
            if (!payload.isMissingNode()) {
                return payload;
            }
        } catch (RuntimeException e) {
            // Not JSON (or beyond the parser's limits): recorded as bytes below.
        }
        ObjectNode unreadable = JsonNodeFactory.instance.objectNode();
        unreadable.put(UNREADABLE_PAYLOAD, data == null ? null : Base64.getEncoder().encodeToString(data));
        return unreadable;
    }

    public String text(String field) {
        JsonNode value = payload.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * The owner the event concerns: {@code ownerId}, or {@code userId} for user-level events, or {@code accountId}
     * for a service account's.
     */
    public String owner() {
        String owner = text("ownerId");
        if (owner == null) {
            owner = text("userId");
        }
        return owner != null ? owner : text("accountId");
    }

    public Instant occurredAt() {
        return instant("occurredAt");
    }

    /**
     * ISO-8601 text, or epoch seconds as a number (Jackson's form when dates are written as
     * timestamps); null when absent or not a readable instant (the log records whatever was
     * published, so readers must not fail on it).
     */
    public Instant instant(String field) {
        JsonNode value = payload.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            if (value.isNumber()) {
                BigDecimal seconds = value.decimalValue();
                long whole = seconds.toBigInteger().longValueExact();
                int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
                return Instant.ofEpochSecond(whole, nanos);
            }
            return value.isTextual() ? Instant.parse(value.textValue()) : null;
        } catch (DateTimeException | ArithmeticException e) {
            return null;
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
