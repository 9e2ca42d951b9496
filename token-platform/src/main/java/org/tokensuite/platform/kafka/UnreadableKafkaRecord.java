package org.tokensuite.platform.kafka;

import java.util.Map;

/**
 * The payload recorded for a Kafka record that is not a readable Axon event message (no message id
 * or type header, or headers the converter cannot read): where it was and what it held, so it is
 * in the log instead of silently skipped. Values and header values are base64. Consumers know it by its
 * simple name (audit-projector records it as type {@code UnreadableKafkaRecord}).
 */
public record UnreadableKafkaRecord(String topic, int partition, long offset, long timestamp, String key,
                                    String valueBase64, Map<String, String> headersBase64) {
}
