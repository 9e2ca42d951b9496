package org.tokensuite.infra.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.infra.KafkaAccess;
import org.tokensuite.infra.KafkaPrincipal;
import org.tokensuite.infra.TokenEventRecords;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Publishes many {@code TokenIssued} events straight onto {@code token-events} in token-command's
 * format (Axon's Kafka message converter with the Jackson serializer: the record's JSON as value,
 * {@code axon-*} headers with the token-api class name, revision 1, aggregate id and sequence; key =
 * owner id), written by hand so infra needs no Axon. Far faster than as many HTTP commands; only for
 * a throw-away suite (these tokens have no history in token-command's event store).
 */
final class TokenEventPublisher {

    /** A token published after the bulk, on each partition that the bulk went to: once it shows, all before it did. */
    record Marker(String tokenId, String secret) {
    }

    private final KafkaAccess kafka;
    private final TokenSecrets secrets = new TokenSecrets();

    /** Writes as the operator's {@code suite-admin}, standing in for token-command (the only writer of token-events). */
    TokenEventPublisher(KafkaAccess kafka) {
        this.kafka = kafka;
    }

    List<Marker> publish(String ownerPrefix, int count) throws Exception {
        List<Marker> markers = new ArrayList<>();
        Map<String, Object> config = kafka.clientProperties(KafkaPrincipal.ADMIN);
        config.putAll(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < count; i++) {
                producer.send(record(ownerPrefix + (i % 1000), newTokenId(), secrets.generate()));
            }
            Set<Integer> partitions = new HashSet<>();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int k = 0; k < 32; k++) { // 32 owners: every one of the 4 partitions, all but surely
                Marker marker = new Marker(newTokenId(), secrets.generate());
                markers.add(marker);
                sent.add(producer.send(record(ownerPrefix + k, marker.tokenId(), marker.secret())));
            }
            for (Future<RecordMetadata> f : sent) {
                partitions.add(f.get(120, TimeUnit.SECONDS).partition());
            }
            System.out.printf("[bench] published %,d TokenIssued events onto token-events (markers on partitions %s)%n",
                    count, partitions);
        }
        return markers;
    }

    private static String newTokenId() {
        return "tok_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static ProducerRecord<String, byte[]> record(String owner, String tokenId, String secret) {
        String json = "{\"tokenId\":\"" + tokenId + "\",\"ownerId\":\"" + owner + "\",\"actor\":{\"id\":\"system:bench\","
                + "\"ownerId\":\"system\"},\"cause\":{\"reason\":\"benchmark\"},\"occurredAt\":\"" + Instant.now() + "\","
                + "\"name\":\"bench\",\"scopes\":[\"billing:read\",\"billing:write\"],\"secretHash\":\""
                + TokenSecrets.hash(secret).value() + "\",\"hint\":\"" + TokenSecrets.hint(secret) + "\","
                + "\"notBefore\":null,\"expiresAt\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\","
                + "\"allowedCidrs\":[],\"rotation\":null}";
        return TokenEventRecords.of("TokenIssued", tokenId, 0, owner, json);
    }
}
