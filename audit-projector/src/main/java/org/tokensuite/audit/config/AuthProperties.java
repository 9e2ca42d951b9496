package org.tokensuite.audit.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code tokens.auth.*}: where callers' bearer tokens are verified (token-query's introspection).
 * Several URLs (a comma-separated {@code TOKENS_INTROSPECTION_URL}) are tried in turn when one does not answer.
 */
@ConfigurationProperties("tokens.auth")
public record AuthProperties(List<URI> introspectionUrl, Duration introspectionTimeout) {
}
