package org.tokensuite.lifecycle.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Where callers' bearer tokens are verified: one or more token-query RFC 7662 endpoints, tried in
 * turn when one is down (a comma-separated {@code TOKENS_INTROSPECTION_URL} binds to the list).
 */
@ConfigurationProperties("tokens.auth")
public record IntrospectionProperties(List<URI> introspectionUrl, Duration timeout) {

    public IntrospectionProperties {
        if (introspectionUrl == null || introspectionUrl.isEmpty()) {
            throw new IllegalArgumentException("tokens.auth.introspection-url is required");
        }
        introspectionUrl = List.copyOf(introspectionUrl);
        timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
    }
}
