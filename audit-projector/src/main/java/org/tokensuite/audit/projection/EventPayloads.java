package org.tokensuite.audit.projection;

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

    private static final ObjectMapper JSON = JsonMapper.builder()
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

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("payload is not JSON", e);
        }
    }

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
