package org.tokensuite.platform.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.impl.NoOpLog;
import org.springframework.core.env.StandardEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaCredentialsPostProcessorTest {

    private static final String JAAS = "spring.kafka.properties.sasl.jaas.config";

    @TempDir
    Path dir;

    private final DeferredLogs logs = new DeferredLogs();

    @Test
    void withoutAUsernameNothingIsAdded() {
        StandardEnvironment environment = environment(Map.of());
        process(environment);
        assertThat(environment.getPropertySources().contains(KafkaCredentialsPostProcessor.PROPERTY_SOURCE)).isFalse();
        assertThat(environment.getProperty("spring.kafka.properties.security.protocol")).isNull();
    }

    @Test
    void aUsernameAndPasswordFileConfigureSpringAndAxonClientsForScram() throws Exception {
        Path file = Files.writeString(dir.resolve("token-query"), "s3cret-Pass_word\n");
        StandardEnvironment environment = environment(Map.of(
                "TOKENS_KAFKA_USERNAME", "token-query", "TOKENS_KAFKA_PASSWORD_FILE", file.toString()));
        process(environment);
        for (String prefix : new String[]{"spring.kafka.properties.", "axon.kafka.properties."}) {
            assertThat(environment.getProperty(prefix + "security.protocol")).isEqualTo("SASL_PLAINTEXT");
            assertThat(environment.getProperty(prefix + "sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
            assertThat(environment.getProperty(prefix + "sasl.jaas.config")).isEqualTo(
                    "org.apache.kafka.common.security.scram.ScramLoginModule required"
                            + " username=\"token-query\" password=\"s3cret-Pass_word\";");
        }
    }

    @Test
    void theSecurityProtocolCanBeSaslSsl() throws Exception {
        Path file = Files.writeString(dir.resolve("p"), "pw");
        StandardEnvironment environment = environment(Map.of("TOKENS_KAFKA_USERNAME", "u",
                "TOKENS_KAFKA_PASSWORD_FILE", file.toString(), "TOKENS_KAFKA_SECURITY_PROTOCOL", "sasl_ssl"));
        process(environment);
        assertThat(environment.getProperty("axon.kafka.properties.security.protocol")).isEqualTo("SASL_SSL");
    }

    @Test
    void quotesBackslashesAndPlaceholderSyntaxInThePasswordReachJaasIntact() throws Exception {
        Path file = Files.writeString(dir.resolve("p"), "a\"b\\c${d}e");
        StandardEnvironment environment = environment(Map.of(
                "TOKENS_KAFKA_USERNAME", "u", "TOKENS_KAFKA_PASSWORD_FILE", file.toString()));
        process(environment);
        assertThat(environment.getProperty(JAAS)).endsWith("password=\"a\\\"b\\\\c${d}e\";");
    }

    @Test
    void aMissingPasswordFileFailsStartupNamingTheFile() {
        Path missing = dir.resolve("nowhere");
        StandardEnvironment environment = environment(Map.of(
                "TOKENS_KAFKA_USERNAME", "u", "TOKENS_KAFKA_PASSWORD_FILE", missing.toString()));
        assertThatThrownBy(() -> process(environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("NoSuchFileException");
        assertThat(environment.getProperty(JAAS)).isNull();
    }

    @Test
    void aPasswordFileThatIsNotOneLineFailsWithoutShowingItsContent() throws Exception {
        Path file = Files.writeString(dir.resolve("p"), "first-line-secret\nsecond");
        StandardEnvironment environment = environment(Map.of(
                "TOKENS_KAFKA_USERNAME", "u", "TOKENS_KAFKA_PASSWORD_FILE", file.toString()));
        assertThatThrownBy(() -> process(environment))
                .hasMessageContaining(file.toString())
                .hasMessageNotContaining("first-line-secret");
    }

    @Test
    void anEmptyPasswordFileFailsStartup() throws Exception {
        Path file = Files.writeString(dir.resolve("p"), "\n");
        StandardEnvironment environment = environment(Map.of(
                "TOKENS_KAFKA_USERNAME", "u", "TOKENS_KAFKA_PASSWORD_FILE", file.toString()));
        assertThatThrownBy(() -> process(environment)).hasMessageContaining("is empty");
    }

    @Test
    void aUsernameWithoutPasswordFileFailsStartup() {
        StandardEnvironment environment = environment(Map.of("TOKENS_KAFKA_USERNAME", "u"));
        assertThatThrownBy(() -> process(environment)).hasMessageContaining("TOKENS_KAFKA_PASSWORD_FILE");
    }

    @Test
    void aSaslProtocolWithoutUsernameFailsStartup() {
        StandardEnvironment environment = environment(Map.of("TOKENS_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));
        assertThatThrownBy(() -> process(environment)).hasMessageContaining("TOKENS_KAFKA_USERNAME");
    }

    @Test
    void thePasswordIsNotInThePropertySourcesDescriptionNorTheLog() throws Exception {
        Path file = Files.writeString(dir.resolve("p"), "never-printed-secret");
        StandardEnvironment environment = environment(Map.of(
                "TOKENS_KAFKA_USERNAME", "u", "TOKENS_KAFKA_PASSWORD_FILE", file.toString()));
        StringBuilder logged = new StringBuilder();
        Log capture = new NoOpLog() {
            @Override
            public void info(Object message) {
                logged.append(message).append('\n');
            }
        };
        new KafkaCredentialsPostProcessor(destination -> capture).postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getPropertySources().toString()).doesNotContain("never-printed-secret");
        assertThat(logged.toString()).contains("authenticate as u").contains(file.toString())
                .doesNotContain("never-printed-secret");
    }

    private StandardEnvironment environment(Map<String, String> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        // The real system environment source, so TOKENS_KAFKA_USERNAME binds to tokens.kafka.username as it will.
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(env)));
        return environment;
    }

    private void process(StandardEnvironment environment) {
        new KafkaCredentialsPostProcessor(logs).postProcessEnvironment(environment, new SpringApplication());
    }
}
