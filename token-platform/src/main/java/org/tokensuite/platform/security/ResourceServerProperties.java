package org.tokensuite.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code tokens.resource-server.*}: where callers' tokens are verified.
 *
 * @param introspectionUrls    the suite's introspection endpoint(s) ({@code TOKENS_RESOURCE_SERVER_INTROSPECTION_URLS},
 *                             comma-separated): tried in turn, starting with the one that answered last
 * @param credentialFile       a file holding a token with {@code tokens:introspect} that this service asks with
 *                             ({@code TOKENS_RESOURCE_SERVER_CREDENTIAL_FILE}); absent: each token introspects itself
 * @param introspectionTimeout how long one endpoint may take to connect and answer before the next is tried
 * @param cacheTtl             how long an active token's introspection answer is kept ({@code
 *                             TOKENS_RESOURCE_SERVER_CACHE_TTL}, at most PT1S; PT0S, the default, keeps none): see
 *                             {@link CallerCache} for what it costs
 */
@ConfigurationProperties("tokens.resource-server")
public record ResourceServerProperties(
        List<URI> introspectionUrls,
        Path credentialFile,
        @DefaultValue("PT2S") Duration introspectionTimeout,
        @DefaultValue("PT0S") Duration cacheTtl) {

    public static final String INTROSPECTION_URLS = "tokens.resource-server.introspection-urls";
    public static final String CREDENTIAL_FILE = "tokens.resource-server.credential-file";

    public ResourceServerProperties {
        introspectionUrls = introspectionUrls == null ? List.of() : List.copyOf(introspectionUrls);
        cacheTtl = cacheTtl == null ? Duration.ZERO : cacheTtl;
    }
}
