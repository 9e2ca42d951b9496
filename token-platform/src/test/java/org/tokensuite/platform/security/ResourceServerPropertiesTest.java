package org.tokensuite.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceServerPropertiesTest {

    @Test
    void theTwoSettingsBindFromTheirEnvironmentVariables() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env", Map.of(
                "TOKENS_RESOURCE_SERVER_INTROSPECTION_URLS", "http://a:8082/v1/introspect,http://b:8082/v1/introspect",
                "TOKENS_RESOURCE_SERVER_CREDENTIAL_FILE", "/run/secrets/introspection")));
        ConfigurationPropertySources.attach(environment);

        ResourceServerProperties properties = Binder.get(environment)
                .bindOrCreate("tokens.resource-server", ResourceServerProperties.class);

        assertThat(properties.introspectionUrls()).containsExactly(
                URI.create("http://a:8082/v1/introspect"), URI.create("http://b:8082/v1/introspect"));
        assertThat(properties.credentialFile()).isEqualTo(Path.of("/run/secrets/introspection"));
        assertThat(properties.introspectionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.cacheTtl()).as("nothing is kept unless asked for").isEqualTo(Duration.ZERO);
    }

    @Test
    void theCacheTtlBindsFromItsEnvironmentVariable() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env", Map.of(
                "TOKENS_RESOURCE_SERVER_INTROSPECTION_URLS", "http://a:8082/v1/introspect",
                "TOKENS_RESOURCE_SERVER_CACHE_TTL", "PT0.05S")));
        ConfigurationPropertySources.attach(environment);

        ResourceServerProperties properties = Binder.get(environment)
                .bindOrCreate("tokens.resource-server", ResourceServerProperties.class);

        assertThat(properties.cacheTtl()).isEqualTo(Duration.ofMillis(50));
    }
}
