package org.tokensuite.platform.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.tokensuite.api.secret.TokenSecrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One token's introspection over HTTP, in Spring Security's terms: the {@link Caller}, or
 * {@link BadOpaqueTokenException} when the token is not active (or not a token of this suite: then it is
 * never sent), or {@link OAuth2IntrospectionException} when no endpoint could answer (fail closed).
 * Shared by the servlet and the reactive introspector.
 */
public final class SuiteTokenIntrospection {

    private static final Logger log = LoggerFactory.getLogger(SuiteTokenIntrospection.class);

    private final IntrospectionClient client;
    private final CallerCache cache;

    public SuiteTokenIntrospection(IntrospectionClient client) {
        this(client, CallerCache.disabled());
    }

    public SuiteTokenIntrospection(IntrospectionClient client, CallerCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /** From {@code tokens.resource-server.*}; a missing URL list or an unusable credential file stops the start. */
    public static SuiteTokenIntrospection from(ResourceServerProperties properties) {
        return from(properties, CallerCache.disabled());
    }

    /** As {@link #from(ResourceServerProperties)}, answers kept in {@code cache}. */
    public static SuiteTokenIntrospection from(ResourceServerProperties properties, CallerCache cache) {
        if (properties.introspectionUrls().isEmpty()) {
            throw new IllegalStateException(ResourceServerProperties.INTROSPECTION_URLS
                    + " (TOKENS_RESOURCE_SERVER_INTROSPECTION_URLS) is required: the suite's introspection endpoint(s), comma-separated");
        }
        String credential = properties.credentialFile() == null ? null : readCredential(properties.credentialFile());
        if (credential == null) {
            log.info("callers' tokens are verified at {} (each token introspects itself)", properties.introspectionUrls());
        } else {
            log.info("callers' tokens are verified at {} with the credential from {}", properties.introspectionUrls(),
                    properties.credentialFile());
        }
        if (cache.enabled()) {
            log.info("introspection answers are kept for {} (a revocation made elsewhere reaches this service that much later)",
                    properties.cacheTtl());
        }
        return new SuiteTokenIntrospection(new IntrospectionClient(properties.introspectionUrls(),
                properties.introspectionTimeout(), credential), cache);
    }

    public Caller introspect(String token, String clientAddress) {
        Optional<Caller> caller;
        try {
            caller = cache.get(token, clientAddress, () -> client.check(token, clientAddress));
        } catch (AuthenticationUnavailable e) {
            log.warn("token verification unavailable: {}", e.getMessage());
            throw new OAuth2IntrospectionException(BearerRefusal.UNAVAILABLE_DETAIL, e);
        }
        return caller.orElseThrow(() -> new BadOpaqueTokenException("the bearer token is not active"));
    }

    /** The file's one line (a trailing line break ignored); its content never appears in an error. */
    static String readCredential(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the introspection credential file " + file + " ("
                    + ResourceServerProperties.CREDENTIAL_FILE + "): " + e.getClass().getSimpleName(), null);
        }
        String credential = content.replaceAll("[\\r\\n]+$", "");
        if (!TokenSecrets.isWellFormed(credential)) {
            throw new IllegalStateException("the introspection credential file " + file + " ("
                    + ResourceServerProperties.CREDENTIAL_FILE + ") does not hold one token of this suite");
        }
        return credential;
    }
}
