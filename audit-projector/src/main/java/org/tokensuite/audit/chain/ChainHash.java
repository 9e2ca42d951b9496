package org.tokensuite.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;


import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The chain's hash function: SHA-256 (lowercase hex) over the UTF-8 bytes of the canonical JSON
 * array {@code [seq, eventId, type, tokenId, ownerId, actorId, actorOwner, causeReason,
 * correlationId, occurredAt, payload, prevHash]} (see {@link CanonicalJson}; absent values are
 * {@code null}; occurredAt as {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ} in UTC). The first entry's
 * prevHash is {@link #GENESIS}. README.md states the same for auditors who verify independently.
 */
public final class ChainHash {

    public static final String GENESIS = "0".repeat(64);

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private ChainHash() {
    }

    public static String of(ChainedEntry entry) {
        return sha256(canonical(entry));
    }

    /** The exact text that is hashed; exposed so tests and auditors can compare encodings. */
    public static String canonical(ChainedEntry entry) {
        ArrayNode fields = JsonNodeFactory.instance.arrayNode();
        fields.add(entry.seq());
        fields.add(entry.eventId());
        fields.add(entry.type());
        fields.add(entry.tokenId());
        fields.add(entry.ownerId());
        fields.add(entry.actorId());
        fields.add(entry.actorOwner());
        fields.add(entry.causeReason());
        fields.add(entry.correlationId());
        fields.add(formatInstant(entry.occurredAt()));
        fields.add(entry.payload() == null ? JsonNodeFactory.instance.nullNode() : entry.payload());
        fields.add(entry.prevHash());
        return CanonicalJson.write(fields);
    }

    /**
     * The entry whose {@link #canonical} text these UTF-8 bytes are (what audit_entry.content keeps
     * for entries whose values its columns cannot hold exactly).
     */
    public static ChainedEntry parseCanonical(byte[] utf8) {
        JsonNode fields = EventPayloads.parseStored(utf8);
        if (!fields.isArray() || fields.size() != 12) {
            throw new IllegalStateException("stored content is not an audit entry's canonical array");
        }
        return new ChainedEntry(fields.get(0).longValue(), text(fields.get(1)), text(fields.get(2)), text(fields.get(3)),
                text(fields.get(4)), text(fields.get(5)), text(fields.get(6)), text(fields.get(7)), text(fields.get(8)),
                fields.get(9).isNull() ? null : Instant.parse(fields.get(9).textValue()),
                fields.get(10).isNull() ? null : fields.get(10), text(fields.get(11)));
    }

    private static String text(JsonNode node) {
        return node.isNull() ? null : node.textValue();
    }

    /** PostgreSQL keeps microseconds: entries are stored and hashed at that precision. */
    public static Instant storagePrecision(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static String formatInstant(Instant instant) {
        return instant == null ? null : MICROS.format(storagePrecision(instant));
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
