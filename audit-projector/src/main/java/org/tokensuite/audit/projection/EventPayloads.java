package org.tokensuite.audit.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.api.event.TokenExpired;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.event.TokenReinstated;
import org.tokensuite.api.event.TokenRevoked;
import org.tokensuite.api.event.TokenRotated;
import org.tokensuite.api.event.TokenRotationDue;
import org.tokensuite.api.event.TokenScopesChanged;
import org.tokensuite.api.event.TokenSuspended;
import org.tokensuite.api.event.UserLeaveEnded;
import org.tokensuite.api.event.UserLeaveStarted;
import org.tokensuite.api.event.UserOffboarded;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JSON an audit entry keeps of its event: everything but secret hashes (hints stay, they are
 * meant for people), times as ISO-8601 text and durations as ISO-8601 text, so payloads hold no
 * floating-point numbers. Reads known event types back for the point-in-time questions.
 */
public final class EventPayloads {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final Map<String, Class<? extends TokenEvent>> KNOWN = Stream.of(
                    TokenIssued.class, TokenScopesChanged.class, TokenRotated.class, TokenRotationDue.class,
                    TokenRevoked.class, TokenExpired.class, TokenSuspended.class, TokenReinstated.class,
                    UserOffboarded.class, UserLeaveStarted.class, UserLeaveEnded.class)
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private EventPayloads() {
    }

    /** The event as JSON with every {@code *secretHash} field (any depth, any case) removed. */
    public static ObjectNode withoutSecrets(Object event) {
        ObjectNode node = JSON.valueToTree(event);
        stripSecretHashes(node);
        return node;
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored payload is not JSON", e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("payload cannot be written as JSON", e);
        }
    }

    /** The event an entry records, when it is of a type this service understands. */
    public static Optional<TokenEvent> read(String type, JsonNode payload) {
        Class<? extends TokenEvent> eventType = KNOWN.get(type);
        if (eventType == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.treeToValue(payload, eventType));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("stored " + type + " payload cannot be read", e);
        }
    }

    private static void stripSecretHashes(JsonNode node) {
        if (node.isObject()) {
            List<String> secret = new ArrayList<>();
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (name.toLowerCase(java.util.Locale.ROOT).endsWith("secrethash")) {
                    secret.add(name);
                }
            }
            ((ObjectNode) node).remove(secret);
            node.elements().forEachRemaining(EventPayloads::stripSecretHashes);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(EventPayloads::stripSecretHashes);
        }
    }
}
