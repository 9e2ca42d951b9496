package org.tokensuite.infra;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Records for {@code token-events} in token-command's wire format, written by hand so infra needs no
 * Axon: the event's JSON as value, key = owner id, and the {@code axon-*} headers of Axon's Kafka
 * message converter (token-api class name, revision 1, aggregate id and sequence). For the benchmark's
 * bulk loads and the fault tests' poison events: events with no history in token-command's store.
 */
public final class TokenEventRecords {

    private TokenEventRecords() {
    }

    /** A record of event {@code simpleType} (e.g. {@code TokenIssued}) of token {@code tokenId}, number {@code sequence} of it. */
    public static ProducerRecord<String, byte[]> of(String simpleType, String tokenId, long sequence, String owner, String json) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.TOKEN_EVENTS, owner, json.getBytes(StandardCharsets.UTF_8));
        header(record, "axon-message-id", UUID.randomUUID().toString());
        header(record, "axon-message-type", "org.tokensuite.api.event." + simpleType);
        header(record, "axon-message-revision", "1");
        record.headers().add("axon-message-timestamp", ByteBuffer.allocate(8).putLong(System.currentTimeMillis()).array());
        header(record, "axon-message-aggregate-id", tokenId);
        record.headers().add("axon-message-aggregate-seq", ByteBuffer.allocate(8).putLong(sequence).array());
        header(record, "axon-message-aggregate-type", "Token");
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String key, String value) {
        record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
