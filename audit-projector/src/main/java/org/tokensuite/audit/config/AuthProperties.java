package org.tokensuite.audit.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/** {@code tokens.auth.*}: where callers' bearer tokens are verified (token-query's introspection). */
@ConfigurationProperties("tokens.auth")
public record AuthProperties(URI introspectionUrl, Duration introspectionTimeout) {
}
