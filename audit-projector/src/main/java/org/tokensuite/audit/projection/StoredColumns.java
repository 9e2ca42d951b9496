package org.tokensuite.audit.projection;

import org.tokensuite.audit.chain.EventPayloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.tokensuite.audit.chain.CanonicalJson;
import org.tokensuite.audit.chain.ChainHash;
import org.tokensuite.audit.chain.ChainedEntry;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one entry's values sit in audit_entry's columns. PostgreSQL cannot hold every value an
 * event may carry (NUL, unpaired surrogates, a value longer than its column, a number beyond
 * numeric's range), and no event may stop the projector. So a value the column holds exactly is
 * stored as it is; any other is stored in a searchable stand-in (NUL and unpaired surrogates as
 * U+FFFD, cut to fit, then U+FFFD, {@code #} and the SHA-256 of the exact value, so two different
 * values never share a stand-in) and the entry's exact content, the canonical JSON its hash
 * covers, goes to {@code content} (bytea). A payload jsonb cannot hold exactly is stored as NULL.
 * An exact value that happens to end like a stand-in is itself given a stand-in.
 */
public record StoredColumns(String eventId, String type, String tokenId, String ownerId, String actorId,
                            String actorOwner, String causeReason, String correlationId, String payloadJson,
                            boolean exact) {

    /** Column sizes of audit_entry (V1). */
    static final int EVENT_ID = 255;
    static final int TYPE = 255;
    static final int TOKEN_ID = 64;
    static final int OWNER_ID = 128;
    static final int ACTOR = 255;
    static final int CORRELATION_ID = 255;
    static final int UNBOUNDED = Integer.MAX_VALUE;

    private static final Pattern STAND_IN_END = Pattern.compile("\uFFFD#[0-9a-f]{64}$");
    private static final int STAND_IN_SUFFIX = 66;

    public static StoredColumns of(ChainedEntry e) {
        String payload = jsonbHoldsExactly(e.payload()) ? EventPayloads.write(e.payload()) : null;
        StoredColumns stored = new StoredColumns(column(e.eventId(), EVENT_ID), column(e.type(), TYPE),
                column(e.tokenId(), TOKEN_ID), column(e.ownerId(), OWNER_ID), column(e.actorId(), ACTOR),
                column(e.actorOwner(), ACTOR), column(e.causeReason(), UNBOUNDED),
                column(e.correlationId(), CORRELATION_ID), payload, false);
        boolean exact = payload != null
                && Objects.equals(stored.eventId, e.eventId()) && Objects.equals(stored.type, e.type())
                && Objects.equals(stored.tokenId, e.tokenId()) && Objects.equals(stored.ownerId, e.ownerId())
                && Objects.equals(stored.actorId, e.actorId()) && Objects.equals(stored.actorOwner, e.actorOwner())
                && Objects.equals(stored.causeReason, e.causeReason())
                && Objects.equals(stored.correlationId, e.correlationId());
        return exact ? new StoredColumns(stored.eventId, stored.type, stored.tokenId, stored.ownerId, stored.actorId,
                stored.actorOwner, stored.causeReason, stored.correlationId, payload, true) : stored;
    }

    /** The event id as the event_id column holds it (for looking an event up). */
    public static String eventIdColumn(String eventId) {
        return column(eventId, EVENT_ID);
    }

    /** The value as a column of {@code maxChars} holds it: itself when it fits exactly, else its stand-in. */
    public static String column(String value, int maxChars) {
        if (value == null || (value.length() <= maxChars && textHoldsExactly(value)
                && !STAND_IN_END.matcher(value).find())) {
            return value;
        }
        StringBuilder standIn = new StringBuilder();
        int keep = Math.max(0, Math.min(value.length(), maxChars - STAND_IN_SUFFIX));
        for (int i = 0; i < keep; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                if (i + 1 >= keep) {
                    break;
                }
                standIn.append(c).append(value.charAt(++i));
            } else {
                standIn.append(c == 0 || Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return standIn.append('\uFFFD').append('#').append(sha256(CanonicalJson.write(TextNode.valueOf(value))))
                .toString();
    }

    /** Whether the row's columns are what this entry's values are stored as (verify's check on rows with content). */
    public boolean matches(ResultSet rs) throws SQLException {
        String storedPayload = rs.getString("payload");
        boolean payloadMatches = payloadJson == null ? storedPayload == null
                : storedPayload != null && CanonicalJson.write(EventPayloads.parse(storedPayload))
                        .equals(CanonicalJson.write(EventPayloads.parse(payloadJson)));
        return payloadMatches
                && Objects.equals(eventId, rs.getString("event_id")) && Objects.equals(type, rs.getString("type"))
                && Objects.equals(tokenId, rs.getString("token_id")) && Objects.equals(ownerId, rs.getString("owner_id"))
                && Objects.equals(actorId, rs.getString("actor_id"))
                && Objects.equals(actorOwner, rs.getString("actor_owner"))
                && Objects.equals(causeReason, rs.getString("cause_reason"))
                && Objects.equals(correlationId, rs.getString("correlation_id"));
    }

    /** No NUL (PostgreSQL text refuses it) and no unpaired surrogate (UTF-8 cannot encode it). */
    static boolean textHoldsExactly(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** jsonb keeps this JSON exactly (as the chain's canonical form sees it): text it can hold, numbers in range. */
    static boolean jsonbHoldsExactly(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return false;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!textHoldsExactly(field.getKey()) || !jsonbHoldsExactly(field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (!jsonbHoldsExactly(element)) {
                    return false;
                }
            }
            return true;
        }
        if (node.isTextual()) {
            return textHoldsExactly(node.textValue());
        }
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue().stripTrailingZeros();
            return Math.abs((long) value.scale()) <= CanonicalJson.MAX_PLAIN_SCALE
                    && value.precision() <= CanonicalJson.MAX_PLAIN_SCALE;
        }
        return node.isNull() || node.isBoolean();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The bytes kept in {@code content}: the canonical JSON the entry's hash covers, as UTF-8. */
    public static byte[] content(ChainedEntry entry) {
        return ChainHash.canonical(entry).getBytes(StandardCharsets.UTF_8);
    }
}
