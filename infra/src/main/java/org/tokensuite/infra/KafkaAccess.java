package org.tokensuite.infra;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

import java.util.HashMap;
import java.util.Map;

/**
 * How a client reaches the suite's broker: its bootstrap servers and, when the broker is secured,
 * the principals' credentials. The one place infra's own clients (launcher, tests, benchmark) get
 * their Kafka configuration from.
 *
 * @param credentials null for a PLAINTEXT broker (no authentication)
 */
public record KafkaAccess(String bootstrapServers, KafkaCredentials credentials) {

    public static final String MECHANISM = "SCRAM-SHA-512";

    public boolean secured() {
        return credentials != null;
    }

    /** Client properties (bootstrap servers, and SASL/SCRAM as {@code principal} when secured); a new, mutable map. */
    public Map<String, Object> clientProperties(KafkaPrincipal principal) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (credentials != null) {
            properties.putAll(sasl(principal.username(), credentials.password(principal)));
        }
        return properties;
    }

    /** SASL_PLAINTEXT with SCRAM-SHA-512 as {@code username}: also for tests that present wrong credentials. */
    public static Map<String, Object> sasl(String username, String password) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"" + username + "\" password=\"" + password + "\";");
    }
}
