package org.tokensuite.platform.security.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.tokensuite.platform.security.BearerRefusal;
import org.tokensuite.platform.security.Caller;

/**
 * Authenticates a bearer token with the introspector. Which manager depends on the request: on a GET or
 * HEAD a superseded secret (replaced by a rotation, still in its overlap) is accepted, on anything else it
 * is refused (401 invalid_token), before any rule or endpoint sees the call.
 */
public class BearerAuthenticationManagers implements AuthenticationManagerResolver<HttpServletRequest> {

    private final AuthenticationManager reads;
    private final AuthenticationManager changes;

    public BearerAuthenticationManagers(OpaqueTokenIntrospector introspector) {
        this.reads = authentication -> authenticate(introspector, (BearerTokenAuthenticationToken) authentication, true);
        this.changes = authentication -> authenticate(introspector, (BearerTokenAuthenticationToken) authentication, false);
    }

    @Override
    public AuthenticationManager resolve(HttpServletRequest request) {
        return Caller.isRead(request.getMethod()) ? reads : changes;
    }

    private static BearerTokenAuthentication authenticate(OpaqueTokenIntrospector introspector,
                                                          BearerTokenAuthenticationToken bearer, boolean read) {
        OAuth2AuthenticatedPrincipal principal;
        try {
            principal = introspector.introspect(bearer.getToken());
        } catch (BadOpaqueTokenException e) {
            throw BearerRefusal.inactive();
        } catch (OAuth2IntrospectionException e) {
            throw BearerRefusal.unavailable(e.getMessage());
        }
        if (!read && Caller.isSuperseded(principal)) {
            throw BearerRefusal.superseded();
        }
        OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, bearer.getToken(), null, null);
        return new BearerTokenAuthentication(principal, token, principal.getAuthorities());
    }

}
