package org.tokensuite.query.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an event's JSON payload (the token-api record in the platform's {@code EventWireFormat}) into a
 * {@link TokenChange}, field by field. Unknown fields are ignored, so a newer producer adding fields
 * does not stop the read side. Instants may be ISO-8601 strings or epoch-second numbers.
 * <p>
 * Deliberately not a deserialisation into token-api's event records: whatever an event says, it must
 * be projected (see README, "Total projection"), so the reader refuses nothing another token-api
 * version, or an era before the input rules, wrote: any text is read as it is, a value of another
 * JSON type is read as its JSON text, and one field that cannot be read does not lose the event (a
 * revocation with a garbled time is still a revocation). A garbled time reads <em>closed</em>: an
 * expiry or overlap end as already past, a not-before as never. Only a payload that is not a JSON
 * object, or lacks the ids every change needs, is unreadable. One flat reader is also cheaper per
 * event when the index is rebuilt from the whole topic. The scope rule itself is token-api's
 * ({@code ScopeSet} holds {@code Scope}s). The field names are the records': {@code TokenChangeContractTest}
 * reads the shared samples (token-api's {@code events/}) with this reader, so a changed record fails there.
 */
public class TokenChangeReader {

    private static final Instant PAST = Instant.EPOCH;
    private static final Instant NEVER = Instant.parse("+100000-01-01T00:00:00Z");

    private final ObjectMapper json = new ObjectMapper();

    /** The change, or null when {@code className} is not an event token-query reacts to. */
    public TokenChange read(String className, byte[] payload) throws IOException {
        return read(className, payload, null);
    }

    /**
     * @param recordedAt when the event was written to the topic: stands in for an event without a readable
     *                   {@code occurredAt} (both the index and the view need a time for it), may be null
     */
    public TokenChange read(String className, byte[] payload, Instant recordedAt) throws IOException {
        ChangeType type = ChangeType.ofClassName(className);
        if (type == null) {
            return null;
        }
        JsonNode p = tree(payload);
        if (p == null || !p.isObject()) {
            throw new IOException(type + " without a JSON object payload");
        }
        String owner = text(p.get(type.isUserWide() ? "userId" : "ownerId"));
        String tokenId = text(p.get("tokenId"));
        if (owner == null || (!type.isUserWide() && tokenId == null)) {
            throw new IOException(type + " without " + (owner == null ? "owner" : "token id"));
        }
        JsonNode rotation = p.get("rotation");
        Instant occurredAt = instant(p.get("occurredAt"), null);
        return new TokenChange(type, tokenId, owner, text(p.get("name")), texts(p.get("scopes")),
                text(p.get("secretHash")), text(p.get("hint")),
                instant(p.get("notBefore"), NEVER), instant(p.get("expiresAt"), PAST), texts(p.get("allowedCidrs")),
                rotation == null || !rotation.isObject() ? null : text(rotation.get("every")),
                rotation == null || !rotation.isObject() ? null : text(rotation.get("overlap")),
                text(p.get("previousSecretHash")), instant(p.get("previousValidUntil"), PAST),
                instant(p.get("nextRotationDue"), null), instant(p.get("dueAt"), null),
                instant(p.get("expiresUnlessRotatedBy"), PAST), occurredAt != null ? occurredAt : recordedAt);
    }

    private JsonNode tree(byte[] payload) throws IOException {
        try {
            return json.readTree(payload);
        } catch (IOException unreadable) {
            // Perhaps bytes that are not UTF-8 (an old or foreign writer): read them with U+FFFD for what cannot be
            // decoded rather than lose the whole event; when that does not help either, the first complaint stands.
            try {
                return json.readTree(new String(payload, StandardCharsets.UTF_8));
            } catch (IOException stillUnreadable) {
                throw unreadable;
            }
        }
    }

    /** Text as it is; another JSON value as its JSON text; null for JSON null or absence. */
    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    /** An array's elements as {@link #text}; a single value as a one-element list. */
    private static List<String> texts(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(element -> values.add(text(element)));
        } else {
            values.add(text(node));
        }
        return values;
    }

    /** ISO-8601 text or epoch seconds (with fraction); {@code ifGarbled} when it is neither. */
    private static Instant instant(JsonNode node, Instant ifGarbled) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            if (node.isNumber()) {
                BigDecimal seconds = node.decimalValue();
                long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
                long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
                return Instant.ofEpochSecond(whole, nanos);
            }
            if (node.isTextual()) {
                String text = node.textValue().trim();
                try {
                    return Instant.parse(text);
                } catch (RuntimeException notInstantForm) {
                    return OffsetDateTime.parse(text).toInstant();
                }
            }
        } catch (RuntimeException garbled) {
            return ifGarbled;
        }
        return ifGarbled;
    }
}
