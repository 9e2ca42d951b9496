package org.tokensuite.infra.e2e;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.infra.TokenEventRecords;
import org.tokensuite.infra.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An attacker on the broker: forged records in the suite's wire format, written with whatever
 * client configuration (no credentials, wrong ones, another principal's), and what became of each try.
 */
final class KafkaForgery {

    private KafkaForgery() {
    }

    /** A {@code TokenIssued} for a token nobody issued, whose secret the attacker knows. */
    static ProducerRecord<String, byte[]> tokenIssued(String tokenId, String owner, String secret) {
        return TokenEventRecords.of("TokenIssued", tokenId, 0, owner, "{\"tokenId\":\"" + tokenId + "\",\"ownerId\":\""
                + owner + "\",\"name\":\"forged\",\"scopes\":[\"tokens:admin\"],\"secretHash\":\""
                + TokenSecrets.hash(secret).value() + "\",\"hint\":\"" + TokenSecrets.hint(secret) + "\","
                + "\"notBefore\":null,\"expiresAt\":\"" + Instant.now().plus(Duration.ofDays(365)) + "\","
                + "\"allowedCidrs\":[],\"rotation\":null," + actorAndCause() + "}");
    }

    /** A {@code TokenAnomalyDetected} asking token-command to suspend {@code tokenId}, as token-query would publish it. */
    static ProducerRecord<String, byte[]> anomaly(String tokenId, String owner) {
        ProducerRecord<String, byte[]> asEvent = TokenEventRecords.of("TokenAnomalyDetected", tokenId, 0, owner,
                "{\"tokenId\":\"" + tokenId + "\",\"ownerId\":\"" + owner + "\",\"rule\":\"new_network\","
                        + "\"evidence\":{\"clientAddress\":\"203.0.113.9\"},\"suspendRequested\":true," + actorAndCause() + "}");
        return new ProducerRecord<>(Topics.TOKEN_SIGNALS, null, asEvent.key(), asEvent.value(), asEvent.headers());
    }

    /** An HR CloudEvent ({@code hr.employee.offboarded}, {@code hr.employee.leave_ended}, ...) about {@code employee}. */
    static ProducerRecord<String, byte[]> hrEvent(String type, String employee) {
        String json = "{\"specversion\":\"1.0\",\"id\":\"forged-" + java.util.UUID.randomUUID() + "\",\"source\":\"/hr/forged\","
                + "\"type\":\"" + type + "\",\"subject\":\"" + employee + "\",\"time\":\"" + Instant.now() + "\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"employeeId\":\"" + employee + "\"}}";
        return new ProducerRecord<>(Topics.HR_EMPLOYEE_EVENTS, employee, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Tries to write {@code record} with {@code client} (bootstrap servers and security settings) and
     * returns why it failed, or null if the broker acknowledged it.
     */
    static Throwable attempt(Map<String, Object> client, ProducerRecord<String, byte[]> record) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // Not idempotent: the refusal is then the topic's, not the producer-id request's.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.RETRIES_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get(60, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    private static String actorAndCause() {
        return "\"actor\":{\"id\":\"system:token-command\",\"ownerId\":\"system\"},\"cause\":{\"reason\":\"forged\","
                + "\"correlationId\":null},\"occurredAt\":\"" + Instant.now() + "\"";
    }
}
