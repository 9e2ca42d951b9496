package org.tokensuite.lifecycle.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/** Where callers' bearer tokens are verified (token-query's RFC 7662 endpoint). */
@ConfigurationProperties("tokens.auth")
public record IntrospectionProperties(URI introspectionUrl, Duration timeout) {

    public IntrospectionProperties {
        if (introspectionUrl == null) {
            throw new IllegalArgumentException("tokens.auth.introspection-url is required");
        }
        timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
    }
}
