package org.tokensuite.query.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Reads an event's JSON payload (Axon's Jackson serialization of the token-api record) into a
 * {@link TokenChange}. Unknown fields are ignored, so a newer producer adding fields does not
 * stop the read side. Instants may be ISO-8601 strings or epoch-second numbers.
 * <p>
 * Deliberately not a deserialisation into token-api's event records: the index stops (and
 * introspection fails closed for everyone) on an event it cannot read, so it must not depend
 * on every value class of a given token-api version accepting what another version wrote;
 * one flat reader is also cheaper per event when the index is rebuilt from the whole topic.
 * The scope rule itself is token-api's ({@code ScopeSet} holds {@code Scope}s).
 */
public class TokenChangeReader {

    private final ObjectReader reader = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .readerFor(Payload.class);

    /** The change, or null when {@code className} is not an event token-query reacts to. */
    public TokenChange read(String className, byte[] json) throws IOException {
        return read(className, json, null);
    }

    /**
     * @param recordedAt when the event was written to the topic: stands in for an event without {@code occurredAt}
     *                   (both the index and the view need a time for it), may be null
     */
    public TokenChange read(String className, byte[] json, Instant recordedAt) throws IOException {
        ChangeType type = ChangeType.ofClassName(className);
        if (type == null) {
            return null;
        }
        Payload p;
        try {
            p = reader.readValue(json);
        } catch (IOException unreadable) {
            // Perhaps bytes that are not UTF-8 (an old or foreign writer): read them with U+FFFD for what cannot be
            // decoded rather than lose the whole event; when that does not help either, the first complaint stands.
            try {
                p = reader.readValue(new String(json, StandardCharsets.UTF_8));
            } catch (IOException stillUnreadable) {
                throw unreadable;
            }
        }
        if (p == null) {
            throw new IOException(type + " without a payload");
        }
        String owner = type.isUserWide() ? p.userId() : p.ownerId();
        if (owner == null || (!type.isUserWide() && p.tokenId() == null)) {
            throw new IOException(type + " without " + (owner == null ? "owner" : "token id"));
        }
        return new TokenChange(type, p.tokenId(), owner, p.name(), p.scopes(), p.secretHash(), p.hint(),
                p.notBefore(), p.expiresAt(), p.allowedCidrs(),
                p.rotation() == null ? null : p.rotation().every(),
                p.rotation() == null ? null : p.rotation().overlap(),
                p.previousSecretHash(), p.previousValidUntil(), p.nextRotationDue(), p.dueAt(),
                p.expiresUnlessRotatedBy(), p.occurredAt() != null ? p.occurredAt() : recordedAt);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Payload(String tokenId, String ownerId, String userId, String name, List<String> scopes,
                   String secretHash, String hint, Instant notBefore, Instant expiresAt, List<String> allowedCidrs,
                   Rotation rotation, String previousSecretHash, Instant previousValidUntil, Instant nextRotationDue,
                   Instant dueAt, Instant expiresUnlessRotatedBy, Instant occurredAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Rotation(String every, String overlap) {
    }
}
