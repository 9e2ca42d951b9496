package org.tokensuite.infra.faults;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.infra.KafkaAccess;
import org.tokensuite.infra.KafkaPrincipal;
import org.tokensuite.infra.TokenEventRecords;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes token events straight onto {@code token-events} with text that no API would accept today
 * (NUL, unpaired surrogates, a megabyte of reason): as an event written before the input rules
 * existed would look. Strings are JSON-escaped by hand, every control character and surrogate as
 * {@code \\uXXXX}, exactly as a JSON writer may have stored them.
 */
final class PoisonEvents implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    /** Writes as the operator's {@code suite-admin}: it stands in for token-command, the only writer of token-events. */
    PoisonEvents(KafkaAccess kafka) {
        Map<String, Object> config = kafka.clientProperties(KafkaPrincipal.ADMIN);
        config.putAll(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_000));
        producer = new KafkaProducer<>(config);
    }

    void issued(String tokenId, String owner, String name) throws Exception {
        String secret = new TokenSecrets().generate();
        send("TokenIssued", tokenId, 0, owner, "{\"tokenId\":\"" + tokenId + "\",\"ownerId\":\"" + owner + "\","
                + "\"name\":" + quote(name) + ",\"scopes\":[\"reports:read\"],\"secretHash\":\"" + TokenSecrets.hash(secret).value()
                + "\",\"hint\":\"" + TokenSecrets.hint(secret) + "\",\"notBefore\":null,\"expiresAt\":\""
                + Instant.now().plus(Duration.ofHours(2)) + "\",\"allowedCidrs\":[],\"rotation\":null,"
                + actorAndCause("poison test") + "}");
    }

    void suspended(String tokenId, String owner, long sequence, String reason) throws Exception {
        send("TokenSuspended", tokenId, sequence, owner, "{\"tokenId\":\"" + tokenId + "\",\"ownerId\":\"" + owner + "\","
                + actorAndCause(reason) + "}");
    }

    void revoked(String tokenId, String owner, long sequence, String reason) throws Exception {
        send("TokenRevoked", tokenId, sequence, owner, "{\"tokenId\":\"" + tokenId + "\",\"ownerId\":\"" + owner + "\","
                + actorAndCause(reason) + "}");
    }

    private void send(String type, String tokenId, long sequence, String owner, String json) throws Exception {
        producer.send(TokenEventRecords.of(type, tokenId, sequence, owner, json)).get(60, TimeUnit.SECONDS);
    }

    private static String actorAndCause(String reason) {
        return "\"actor\":{\"id\":\"system:fault-test\",\"ownerId\":\"system\"},\"cause\":{\"reason\":" + quote(reason)
                + ",\"correlationId\":null},\"occurredAt\":\"" + Instant.now() + "\"";
    }

    static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) || (c >= 0x7F && c <= 0x9F)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
