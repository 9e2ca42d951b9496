package org.tokensuite.audit.chain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The JSON an audit entry keeps of its event: the payload as published, minus every secret hash
 * (hints stay, they are meant for people). Numbers are read exactly (BigDecimal), so the stored
 * jsonb and the hashed form agree.
 */
public final class EventPayloads {

    /** For events as published: Jackson's default limits (a number of at most 1000 characters, ...). */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    /**
     * For what this service stored: a published number of 1000 digits may come back from the
     * database (or from the canonical form) with up to 1000 more zeros, so allow longer numbers here.
     */
    private static final ObjectMapper STORED = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(10_000).build()).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private EventPayloads() {
    }

    /** The payload with every field whose name ends in {@code secretHash} (any depth, any case) removed. */
    public static JsonNode withoutSecrets(JsonNode payload) {
        JsonNode copy = payload.deepCopy();
        stripSecretHashes(copy);
        return copy;
    }

    /** JSON this service stored (jsonb text). */
    public static JsonNode parse(String json) {
        try {
            return STORED.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("payload is not JSON", e);
        }
    }

    /** JSON bytes this service stored (an entry's content). */
    public static JsonNode parseStored(byte[] json) {
        try {
            return STORED.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored content is not JSON", e);
        }
    }

    /** A payload as published (UTF-8 JSON); throws when it is not JSON within Jackson's default limits. */
    public static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("payload is not JSON", e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("payload cannot be written as JSON", e);
        }
    }

    private static void stripSecretHashes(JsonNode node) {
        if (node.isObject()) {
            List<String> secret = new ArrayList<>();
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (name.toLowerCase(Locale.ROOT).endsWith("secrethash")) {
                    secret.add(name);
                }
            }
            ((ObjectNode) node).remove(secret);
        }
        if (node.isContainerNode()) {
            node.elements().forEachRemaining(EventPayloads::stripSecretHashes);
        }
    }
}
