package org.tokensuite.audit.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tokensuite.audit.web.AuditAccess;
import org.tokensuite.platform.security.Caller;
import org.tokensuite.platform.security.servlet.ClientAddresses;

import java.io.IOException;
import java.util.Optional;

/**
 * Every console request but the sign-in page and the style sheet needs a live session, and its token is
 * introspected again on every request, through the same introspector (and cache) the API's callers go
 * through: a token revoked, expired, suspended, or without {@code audit:read} any more ends the session
 * at once and sends the browser to the sign-in page saying why. When verification is unavailable the
 * request is refused (503) and the session kept: closed, never open.
 */
final class ConsoleGate extends OncePerRequestFilter {

    static final String SIGN_IN = "/console/sign-in";
    private static final String STATIC = "/console/static/";

    private final ConsoleSessions sessions;
    private final OpaqueTokenIntrospector introspector;
    private final ClientAddresses addresses;

    ConsoleGate(ConsoleSessions sessions, OpaqueTokenIntrospector introspector, ClientAddresses addresses) {
        this.sessions = sessions;
        this.introspector = introspector;
        this.addresses = addresses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals(SIGN_IN) || path.startsWith(STATIC)) {
            chain.doFilter(request, response);
            return;
        }
        String id = ConsoleCookies.sessionId(request);
        Optional<ConsoleSession> found = sessions.find(id);
        if (found.isEmpty()) {
            if (id != null) {
                ConsoleCookies.clear(request, response);
            }
            redirectToSignIn(request, response, id != null ? "expired" : null);
            return;
        }
        ConsoleSession session = found.get();
        OAuth2AuthenticatedPrincipal principal;
        try {
            principal = introspector.introspect(session.token());
        } catch (BadOpaqueTokenException e) {
            end(request, response, session, "inactive");
            return;
        } catch (OAuth2IntrospectionException e) {
            RefusalPages.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Verification unavailable",
                    "Your token could not be verified just now, so nothing is shown. Try again in a moment.");
            return;
        }
        if (!(principal instanceof Caller caller) || !caller.tokenId().value().equals(session.tokenId())) {
            end(request, response, session, "inactive");
            return;
        }
        if (!caller.holds(AuditAccess.AUDIT_READ)) {
            end(request, response, session, "scope");
            return;
        }
        request.setAttribute(ConsoleViewer.ATTRIBUTE,
                new ConsoleViewer(session.tokenId(), session.ownerId(), addresses.of(request)));
        chain.doFilter(request, response);
    }

    private void end(HttpServletRequest request, HttpServletResponse response, ConsoleSession session, String why)
            throws IOException {
        sessions.end(session.id());
        ConsoleCookies.clear(request, response);
        redirectToSignIn(request, response, why);
    }

    static void redirectToSignIn(HttpServletRequest request, HttpServletResponse response, String why) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + SIGN_IN + (why == null ? "" : "?ended=" + why));
    }
}
