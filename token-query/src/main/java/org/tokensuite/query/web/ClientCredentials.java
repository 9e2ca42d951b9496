package org.tokensuite.query.web;

import org.tokensuite.platform.security.IntrospectionClient;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Who asks for an introspection, as RFC 7662 §2.1 lets a resource server authenticate: a bearer token
 * ({@code Authorization: Bearer <token>}), or client credentials per RFC 6749 §2.3.1, where the client is a
 * token of this suite: {@code client_id} is its token id and {@code client_secret} the token itself, sent as
 * {@code Authorization: Basic} (each part form-encoded, then base64) or as the form parameters {@code client_id}
 * and {@code client_secret}. {@code clientId} is null for a bearer. Never holds anything from a header that did
 * not parse, so a malformed value is never echoed.
 */
record ClientCredentials(String secret, String clientId) {

    /** What a request presented: a credential, none, or a refusal reason (a 400 or 401 the handler answers). */
    sealed interface Presented permits Found, Missing, Malformed, Ambiguous {
    }

    record Found(ClientCredentials credentials) implements Presented {
    }

    record Missing() implements Presented {
    }

    /** Present but unreadable: 401, like a wrong secret. */
    record Malformed(String detail) implements Presented {
    }

    /** Two methods at once, which RFC 6749 §2.3 forbids: 400. */
    record Ambiguous(String detail) implements Presented {
    }

    static Presented of(String authorization, IntrospectionForm form) {
        boolean inForm = form.hasClientCredentials();
        if (authorization == null || authorization.isBlank()) {
            if (!inForm) {
                return new Missing();
            }
            if (form.clientId() == null || form.clientId().isEmpty() || form.clientSecret() == null || form.clientSecret().isEmpty()) {
                return new Malformed("client authentication needs both client_id and client_secret");
            }
            return new Found(new ClientCredentials(form.clientSecret(), form.clientId()));
        }
        if (inForm) {
            return new Ambiguous("use one client authentication method: an Authorization header or client_id/client_secret in the body, not both");
        }
        String bearer = IntrospectionClient.bearerToken(authorization);
        if (bearer != null) {
            return new Found(new ClientCredentials(bearer, null));
        }
        if (authorization.length() > 6 && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(authorization.substring(6).trim());
        }
        return new Malformed("the Authorization header must be Bearer <token> or Basic <client credentials>");
    }

    private static Presented basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Malformed("the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            return new Malformed("the Basic credentials must be client_id:client_secret");
        }
        try {
            // RFC 6749 §2.3.1: both parts are form-encoded before they are joined.
            String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            return new Found(new ClientCredentials(secret, id));
        } catch (IllegalArgumentException e) {
            return new Malformed("the Basic credentials are not form-encoded");
        }
    }
}
