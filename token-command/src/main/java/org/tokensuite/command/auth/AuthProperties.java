package org.tokensuite.command.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/** {@code tokens.auth.*}: where callers' tokens are verified. */
@ConfigurationProperties("tokens.auth")
public record AuthProperties(
        @DefaultValue("http://127.0.0.1:8082/v1/introspect") URI introspectionUrl,
        @DefaultValue("PT2S") Duration introspectionTimeout) {
}
