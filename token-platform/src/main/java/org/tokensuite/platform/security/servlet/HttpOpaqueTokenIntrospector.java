package org.tokensuite.platform.security.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.tokensuite.platform.security.SuiteTokenIntrospection;

/**
 * Spring Security's opaque-token introspector over the suite's introspection endpoint. The address the
 * token was presented from (sent as {@code client_address}, so a token's {@code allowedCidrs} hold at every
 * resource server) is the current request's, as {@link ClientAddresses} resolves it.
 */
public class HttpOpaqueTokenIntrospector implements OpaqueTokenIntrospector {

    private final SuiteTokenIntrospection introspection;
    private final ClientAddresses clientAddresses;

    public HttpOpaqueTokenIntrospector(SuiteTokenIntrospection introspection, ClientAddresses clientAddresses) {
        this.introspection = introspection;
        this.clientAddresses = clientAddresses;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        return introspection.introspect(token, clientAddress());
    }

    /** Spring's request context (its filter runs before Spring Security's); none outside a request. */
    private String clientAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return clientAddresses.of(request);
        }
        return null;
    }
}
