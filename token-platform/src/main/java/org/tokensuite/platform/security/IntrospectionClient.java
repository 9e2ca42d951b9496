package org.tokensuite.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Authenticates callers by asking the suite's introspection endpoint (token-query). A token may always
 * introspect itself, so a service needs no credential of its own to check who calls it; with a
 * credential (a token holding {@code tokens:introspect}) the service asks as itself. A token that is not
 * well-formed never leaves the process.
 *
 * <p>Several token-query instances may be given: a request goes to the one that answered last and
 * fails over to the next when one is unreachable or not ready (5xx). When none answers, the caller
 * gets {@link AuthenticationUnavailable}: closed, never open.
 */
public final class IntrospectionClient {

    /** Form parameter: the address the resource server saw the token presented from (a parsed IP). */
    public static final String CLIENT_ADDRESS_PARAMETER = "client_address";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final List<URI> introspectUris;
    private final Duration timeout;
    private final AtomicInteger preferred = new AtomicInteger();
    /** The service's own bearer for introspection; null: each token introspects itself. */
    private final String credential;

    public IntrospectionClient(URI introspectUri, Duration timeout) {
        this(List.of(introspectUri), timeout);
    }

    public IntrospectionClient(List<URI> introspectUris, Duration timeout) {
        this(introspectUris, timeout, null);
    }

    public IntrospectionClient(List<URI> introspectUris, Duration timeout, String credential) {
        if (introspectUris == null || introspectUris.isEmpty()) {
            throw new IllegalArgumentException("at least one introspection URL is required");
        }
        this.introspectUris = List.copyOf(introspectUris);
        this.timeout = timeout;
        this.credential = credential;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * The caller behind an {@code Authorization} header, or empty when the header holds no
     * token that is active now. {@code clientAddress} is where the caller connected from, as
     * {@link TrustedProxies} resolved it. Throws {@link AuthenticationUnavailable} when no
     * token-query can answer.
     */
    public Optional<Caller> authenticate(String authorizationHeader, String clientAddress) {
        return verify(bearerToken(authorizationHeader), clientAddress);
    }

    /**
     * The caller presenting {@code token}, or empty when it is not a well-formed token of this suite
     * (then it is not sent anywhere) or not active now. Throws {@link AuthenticationUnavailable} when
     * no introspection endpoint can answer.
     */
    public Optional<Caller> verify(String token, String clientAddress) {
        return check(token, clientAddress).map(Verified::caller);
    }

    /** An active token's caller and, when the verifier gave one, its expiry. */
    public record Verified(Caller caller, Instant expiresAt) {
    }

    /** As {@link #verify}, with the token's expiry. */
    public Optional<Verified> check(String token, String clientAddress) {
        if (token == null || !TokenSecrets.isWellFormed(token)) {
            return Optional.empty();
        }
        IntrospectionResult result = introspect(credential == null ? token : credential, token, clientAddress);
        if (!result.active() || result.jti() == null || result.sub() == null
                || !TokenId.isValid(result.jti()) || !UserId.isValid(result.sub())) {
            return Optional.empty();
        }
        Set<Scope> scopes = new TreeSet<>();
        if (result.scope() != null && !result.scope().isBlank()) {
            Arrays.stream(result.scope().trim().split(" +")).filter(Scope::isValid).map(Scope::new).forEach(scopes::add);
        }
        Caller caller = new Caller(new TokenId(result.jti()), new UserId(result.sub()), Set.copyOf(scopes), result.isSuperseded());
        return Optional.of(new Verified(caller, result.exp() == null ? null : Instant.ofEpochSecond(result.exp())));
    }

    public IntrospectionResult introspect(String bearer, String token, String clientAddress) {
        StringBuilder form = new StringBuilder("token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
        if (clientAddress != null && !clientAddress.isBlank()) {
            form.append('&').append(CLIENT_ADDRESS_PARAMETER).append('=')
                    .append(URLEncoder.encode(clientAddress, StandardCharsets.UTF_8));
        }
        AuthenticationUnavailable last = null;
        int start = preferred.get();
        for (int attempt = 0; attempt < introspectUris.size(); attempt++) {
            int index = (start + attempt) % introspectUris.size();
            try {
                IntrospectionResult result = ask(introspectUris.get(index), bearer, form.toString());
                preferred.set(index);
                return result;
            } catch (AuthenticationUnavailable e) {
                last = e;
            }
        }
        throw last;
    }

    private IntrospectionResult ask(URI uri, String bearer, String form) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                return IntrospectionResult.INACTIVE;
            }
            if (response.statusCode() != 200) {
                throw new AuthenticationUnavailable("token verification answered " + response.statusCode(), null);
            }
            return JSON.readValue(response.body(), IntrospectionResult.class);
        } catch (IOException e) {
            throw new AuthenticationUnavailable("token verification is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationUnavailable("interrupted while verifying a token", e);
        }
    }

    /** The token of a {@code Bearer} header (scheme case-insensitive), or null. */
    public static String bearerToken(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() < 8
                || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorizationHeader.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
