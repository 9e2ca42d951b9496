package org.tokensuite.platform.kafka;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Kafka credentials for every client a service builds, from a file. When {@code tokens.kafka.username}
 * ({@code TOKENS_KAFKA_USERNAME}) is set, reads the password once from the file named by
 * {@code tokens.kafka.password-file} ({@code TOKENS_KAFKA_PASSWORD_FILE}) and adds a property source
 * setting {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} under both
 * {@code spring.kafka.properties.*} (Spring Kafka's consumer, producer and admin factories) and
 * {@code axon.kafka.properties.*} (Axon's Kafka extension applies them to every producer and consumer
 * it builds). The password itself is never in the environment of the process and never logged.
 * Without a username only {@code tokens.kafka.security-protocol} (default {@code PLAINTEXT}) is
 * applied, and only when it is not PLAINTEXT.
 */
public class KafkaCredentialsPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String USERNAME = "tokens.kafka.username";
    public static final String PASSWORD_FILE = "tokens.kafka.password-file";
    public static final String SECURITY_PROTOCOL = "tokens.kafka.security-protocol";
    public static final String SASL_MECHANISM = "tokens.kafka.sasl-mechanism";
    public static final String PROPERTY_SOURCE = "tokensKafkaCredentials";

    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Map<String, String> LOGIN_MODULES = Map.of(
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");
    private static final String[] PREFIXES = {"spring.kafka.properties.", "axon.kafka.properties."};

    private final Log log;

    public KafkaCredentialsPostProcessor(DeferredLogFactory logs) {
        this.log = logs.getLog(KafkaCredentialsPostProcessor.class);
    }

    /** After the config data (application.yml, config trees) is loaded, so those can name the username too. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String username = trimToNull(environment.getProperty(USERNAME));
        String protocol = trimToNull(environment.getProperty(SECURITY_PROTOCOL));
        if (protocol != null) {
            protocol = protocol.toUpperCase(Locale.ROOT);
            if (!PROTOCOLS.contains(protocol)) {
                throw new IllegalStateException(SECURITY_PROTOCOL + " (TOKENS_KAFKA_SECURITY_PROTOCOL) must be one of "
                        + PROTOCOLS + ", not " + protocol);
            }
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        if (username == null) {
            if (protocol != null && protocol.startsWith("SASL")) {
                throw new IllegalStateException(SECURITY_PROTOCOL + " is " + protocol + " but " + USERNAME
                        + " (TOKENS_KAFKA_USERNAME) is not set: no credentials to authenticate to Kafka with");
            }
            if (protocol == null || protocol.equals("PLAINTEXT")) {
                return; // the broker's default listener; nothing to add
            }
            put(settings, "security.protocol", protocol);
        } else {
            if (protocol == null) {
                protocol = "SASL_PLAINTEXT";
            } else if (!protocol.startsWith("SASL")) {
                throw new IllegalStateException(USERNAME + " is set but " + SECURITY_PROTOCOL + " is " + protocol
                        + ", which sends no credentials; use SASL_PLAINTEXT or SASL_SSL");
            }
            String mechanism = trimToNull(environment.getProperty(SASL_MECHANISM));
            mechanism = mechanism == null ? "SCRAM-SHA-512" : mechanism.toUpperCase(Locale.ROOT);
            String loginModule = LOGIN_MODULES.get(mechanism);
            if (loginModule == null) {
                throw new IllegalStateException(SASL_MECHANISM + " must be one of " + LOGIN_MODULES.keySet()
                        + ", not " + mechanism);
            }
            Path file = passwordFile(environment);
            String password = readPassword(file);
            put(settings, "security.protocol", protocol);
            put(settings, "sasl.mechanism", mechanism);
            put(settings, "sasl.jaas.config", loginModule + " required username=\"" + escape(username)
                    + "\" password=\"" + escape(password) + "\";");
            log.info("Kafka clients authenticate as " + username + " with " + mechanism + " over " + protocol
                    + " (password read from " + file + ")");
        }
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, settings) {
            @Override
            public String toString() { // never the password, whoever prints the property sources
                return getClass().getSimpleName() + " {name='" + PROPERTY_SOURCE + "'}";
            }
        });
    }

    private static Path passwordFile(ConfigurableEnvironment environment) {
        String name = trimToNull(environment.getProperty(PASSWORD_FILE));
        if (name == null) {
            throw new IllegalStateException(USERNAME + " (TOKENS_KAFKA_USERNAME) is set but " + PASSWORD_FILE
                    + " (TOKENS_KAFKA_PASSWORD_FILE) is not: name the file that holds the Kafka password");
        }
        return Path.of(name);
    }

    /** The file's content without its trailing line break; its content never appears in an error. */
    private static String readPassword(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the Kafka password file " + file
                    + " (TOKENS_KAFKA_PASSWORD_FILE): " + e.getClass().getSimpleName(), null);
        }
        String password = content.replaceAll("[\\r\\n]+$", "");
        if (password.isEmpty()) {
            throw new IllegalStateException("the Kafka password file " + file + " (TOKENS_KAFKA_PASSWORD_FILE) is empty");
        }
        if (password.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalStateException("the Kafka password file " + file
                    + " (TOKENS_KAFKA_PASSWORD_FILE) holds a control character or more than one line");
        }
        return password;
    }

    private static void put(Map<String, Object> settings, String key, String value) {
        for (String prefix : PREFIXES) {
            settings.put(prefix + key, value);
        }
    }

    /**
     * A JAAS quoted string: backslash and double quote escaped; and {@code ${} escaped for Spring, which
     * would otherwise resolve it as a placeholder when the value is read.
     */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("${", "\\${");
    }

    private static String trimToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
