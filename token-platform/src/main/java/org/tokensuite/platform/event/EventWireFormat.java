package org.tokensuite.platform.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.tokensuite.api.event.TokenEvent;

import java.util.Objects;
import java.util.Optional;

/**
 * How a token-api event is written on the wire (the event store and every topic) and read back into its
 * record: the one place that knows it.
 * <ul>
 *   <li>Payload: the record's JSON as Jackson writes it with {@link #objectMapper()}: components by name,
 *       instants as ISO-8601 text, durations as ISO-8601 text ({@code PT5M}), value types ({@code TokenId},
 *       {@code Scope}, ...) as their string, null components written as null; unknown fields are ignored on
 *       reading, so an older reader still reads a newer payload.</li>
 *   <li>Type: the record's fully-qualified class name (Axon's {@code axon-message-type} Kafka header, the
 *       store's {@code payloadType}); revision: its {@code @Revision} ({@code axon-message-revision}).</li>
 * </ul>
 * The Axon event serializer of every service is {@link #serializer()} (see
 * {@link EventSerializerAutoConfiguration}). The samples in token-api's test resources ({@code events/}) are
 * this format's reference: a change to an event record or to these settings fails their tests.
 */
public final class EventWireFormat {

    /** The package every event type on the wire lives in. */
    public static final String EVENT_PACKAGE = TokenEvent.class.getPackageName() + ".";

    private static final RevisionResolver REVISIONS = new AnnotationRevisionResolver();

    private final JacksonSerializer serializer;

    public EventWireFormat() {
        this(REVISIONS);
    }

    public EventWireFormat(RevisionResolver revisions) {
        // The serializer registers Axon's own module on its mapper: each gets a fresh one.
        this.serializer = JacksonSerializer.builder().revisionResolver(revisions).objectMapper(objectMapper()).build();
    }

    /**
     * The Jackson settings events are written and read with. The same as Spring Boot's default ObjectMapper,
     * which wrote them before (so stored and published events read the same), but fixed here: no property or
     * module a service adds to its own ObjectMapper changes the wire.
     */
    public static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addModule(new ParameterNamesModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.DEFAULT_VIEW_INCLUSION)
                .build();
    }

    /** The Axon serializer for events (and only events: Axon's general serializer keeps Boot's mapper). */
    public Serializer serializer() {
        return serializer;
    }

    /** The type name an event of {@code type} carries on the wire. */
    public static String typeName(Class<? extends TokenEvent> type) {
        return type.getName();
    }

    /** The revision an event of {@code type} is written with today. */
    public static String revision(Class<? extends TokenEvent> type) {
        return REVISIONS.revisionOf(type);
    }

    /** The simple name of a wire type name ({@code TokenIssued}), as the audit log and people name types. */
    public static String simpleName(String typeName) {
        if (typeName == null) {
            return null;
        }
        int cut = Math.max(typeName.lastIndexOf('.'), typeName.lastIndexOf('$'));
        return typeName.substring(cut + 1);
    }

    /** The token-api event type a wire type name names; empty for anything else (never loads another class). */
    public static Optional<Class<? extends TokenEvent>> eventType(String typeName) {
        if (typeName == null || !typeName.startsWith(EVENT_PACKAGE) || typeName.indexOf('.', EVENT_PACKAGE.length()) >= 0) {
            return Optional.empty();
        }
        try {
            Class<?> type = Class.forName(typeName, false, TokenEvent.class.getClassLoader());
            return TokenEvent.class.isAssignableFrom(type) && type.isRecord()
                    ? Optional.of(type.asSubclass(TokenEvent.class)) : Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** {@code event} as it goes on the wire. */
    public WireEvent write(TokenEvent event) {
        SerializedObject<byte[]> serialized = serializer.serialize(Objects.requireNonNull(event, "event"), byte[].class);
        return new WireEvent(serialized.getType().getName(), serialized.getType().getRevision(), serialized.getData());
    }

    /**
     * The token-api record of {@code wire}; IllegalArgumentException when its type is no token-api event, its
     * revision is not the record's current one (an older one would need an upcaster), or the payload does not
     * read as the record.
     */
    public TokenEvent read(WireEvent wire) {
        Class<? extends TokenEvent> type = eventType(wire.type())
                .orElseThrow(() -> new IllegalArgumentException("not a token-api event type: " + wire.type()));
        if (!Objects.equals(revision(type), wire.revision())) {
            throw new IllegalArgumentException(type.getSimpleName() + " revision " + wire.revision()
                    + " is not the current revision " + revision(type));
        }
        try {
            Object event = serializer.deserialize(
                    new SimpleSerializedObject<>(wire.payload(), byte[].class, wire.type(), wire.revision()));
            return type.cast(Objects.requireNonNull(event, "payload is null"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(type.getSimpleName() + " payload does not read as the record ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
