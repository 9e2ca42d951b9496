package org.tokensuite.audit.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.messaging.Headers;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.tokensuite.api.event.EventSamples;
import org.tokensuite.api.event.SystemEvent;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.platform.event.EventWireFormat;
import org.tokensuite.platform.kafka.EveryRecordConverter;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * The audit log against the shared samples (token-api's {@code events/}, written by the platform's wire
 * format): every sample, delivered as the Kafka record token-command (or token-query) publishes and read as the
 * audit-log source reads it, becomes an entry whose fields are what its record instance says, and whose payload
 * is the sample without its secret hashes. A changed event record changes its sample, and then this test shows
 * what the entry loses.
 */
class AuditEntryContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Serializer eventSerializer = new EventWireFormat().serializer();
    private final EveryRecordConverter<String, byte[]> source = new EveryRecordConverter<>(
            DefaultKafkaMessageConverter.builder().serializer(eventSerializer).build());

    @Test
    void everySampleBecomesTheEntryItsRecordDescribes() throws IOException {
        for (EventSamples.Sample sample : EventSamples.all()) {
            String messageId = UUID.randomUUID().toString();
            EventMessage<?> message = source.readKafkaMessage(record(sample, messageId)).orElseThrow();
            AuditLogWriter writer = mock(AuditLogWriter.class);

            new AuditLogProjection(writer, eventSerializer).on(message);

            ArgumentCaptor<AuditLogWriter.NewAuditEntry> appended = ArgumentCaptor.forClass(AuditLogWriter.NewAuditEntry.class);
            verify(writer).append(appended.capture());
            AuditLogWriter.NewAuditEntry entry = appended.getValue();
            TokenEvent event = sample.event();
            String as = sample.resource();
            assertThat(entry.eventId()).as(as).isEqualTo(messageId);
            assertThat(entry.type()).as(as).isEqualTo(sample.simpleName());
            assertThat(entry.tokenId()).as(as).isEqualTo(tokenId(event).orElse(null));
            // A catalogue event concerns no owner: its Kafka key (scope-catalogue) is not in the payload.
            assertThat(entry.ownerId()).as(as).isEqualTo(event instanceof SystemEvent ? null : event.ownerId().value());
            assertThat(entry.actorId()).as(as).isEqualTo(event.actor().id());
            assertThat(entry.actorOwner()).as(as).isEqualTo(event.actor().ownerId());
            assertThat(entry.causeReason()).as(as).isEqualTo(event.cause().reason());
            assertThat(entry.correlationId()).as(as).isEqualTo(event.cause().correlationId());
            assertThat(entry.occurredAt()).as(as).isEqualTo(event.occurredAt());
            assertThat(entry.payload()).as(as).isEqualTo(withoutSecretHashes(JSON.readTree(sample.payload())));
        }
    }

    /** The token the event is about: its component of type TokenId, whatever it is named. */
    private static Optional<String> tokenId(TokenEvent event) {
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            if (component.getType() == TokenId.class) {
                try {
                    return Optional.of(((TokenId) component.getAccessor().invoke(event)).value());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Optional.empty();
    }

    private static JsonNode withoutSecretHashes(JsonNode payload) {
        ObjectNode copy = payload.deepCopy();
        copy.remove("secretHash");
        copy.remove("previousSecretHash");
        return copy;
    }

    /** As Axon's Kafka converter publishes it: the message headers, key = owner, value = payload. */
    private static ConsumerRecord<String, byte[]> record(EventSamples.Sample sample, String messageId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.MESSAGE_ID, messageId.getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.MESSAGE_TYPE, sample.type().getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.MESSAGE_REVISION, sample.revision().getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.MESSAGE_TIMESTAMP, ByteBuffer.allocate(Long.BYTES).putLong(1_700_000_000_000L).array());
        return new ConsumerRecord<>("token-events", 0, 7, 1_700_000_000_000L, TimestampType.CREATE_TIME,
                ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, sample.event().ownerId().value(), sample.payload(),
                headers, Optional.empty());
    }
}
