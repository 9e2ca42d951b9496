package org.tokensuite.command.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code tokens.auth.*}: where callers' tokens are verified (one or more token-query instances,
 * tried in turn) and {@code tokens.http.trusted-proxies} is read separately by the filter.
 */
@ConfigurationProperties("tokens.auth")
public record AuthProperties(
        @DefaultValue("http://127.0.0.1:8082/v1/introspect") List<URI> introspectionUrl,
        @DefaultValue("PT2S") Duration introspectionTimeout) {
}
