package org.tokensuite.lifecycle.web;

import org.springframework.stereotype.Component;
import org.tokensuite.api.auth.AuthenticationUnavailable;
import org.tokensuite.api.auth.IntrospectionClient;
import org.tokensuite.api.auth.IntrospectionResult;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies a bearer token by having token-query introspect it (a token may always introspect
 * itself). Same rules as {@code IntrospectionClient.authenticate}, without touching token-api's
 * {@code Scope} class, which cannot currently be initialised (see {@link VerifiedCaller}).
 */
@Component
public class BearerVerifier {

    private final IntrospectionClient introspection;

    public BearerVerifier(IntrospectionClient introspection) {
        this.introspection = introspection;
    }

    /**
     * The caller, or empty when the header holds no token active now.
     *
     * @throws AuthenticationUnavailable when token-query cannot answer (fail closed: 503)
     */
    public Optional<VerifiedCaller> verify(String authorizationHeader, String clientAddress) {
        String token = IntrospectionClient.bearerToken(authorizationHeader);
        if (token == null || !TokenSecrets.isWellFormed(token)) {
            return Optional.empty();
        }
        IntrospectionResult result = introspection.introspect(token, token, clientAddress);
        if (!result.active() || !TokenId.isValid(result.jti()) || !UserId.isValid(result.sub())) {
            return Optional.empty();
        }
        Set<String> scopes = result.scope() == null || result.scope().isBlank() ? Set.of()
                : Arrays.stream(result.scope().trim().split(" +")).collect(Collectors.toUnmodifiableSet());
        return Optional.of(new VerifiedCaller(result.jti(), result.sub(), scopes));
    }
}
