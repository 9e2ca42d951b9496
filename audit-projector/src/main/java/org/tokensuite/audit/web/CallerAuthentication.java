package org.tokensuite.audit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tokensuite.api.auth.AuthenticationUnavailable;
import org.tokensuite.api.auth.Caller;
import org.tokensuite.api.auth.IntrospectionClient;
import org.tokensuite.api.auth.TrustedProxies;
import org.tokensuite.api.value.Scope;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Lets a request through only with a bearer token that token-query says is active and that
 * holds {@code audit:read} (every endpoint here reads the audit log). Health is open so
 * orchestrators can probe. Fails closed: when verification is unavailable, 503. The client
 * address sent along is the one {@link TrustedProxies} resolves (forwarding headers count only
 * from a trusted proxy). A superseded secret (the previous one of a rotation, still in its
 * overlap) may read (GET, HEAD) and nothing else, as everywhere in the suite.
 */
@Component
public class CallerAuthentication extends OncePerRequestFilter {

    public static final Scope AUDIT_READ = Scope.of("audit:read");
    public static final String CALLER = CallerAuthentication.class.getName() + ".caller";

    static final String SUPERSEDED_CHALLENGE =
            "Bearer error=\"invalid_token\", error_description=\"the secret was superseded by a rotation\"";

    private final IntrospectionClient introspection;
    private final TrustedProxies trustedProxies;
    private final ObjectMapper json;

    public CallerAuthentication(IntrospectionClient introspection, TrustedProxies trustedProxies, ObjectMapper json) {
        this.introspection = introspection;
        this.trustedProxies = trustedProxies;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "GET".equals(request.getMethod())
                && (path.equals("/actuator/health") || path.startsWith("/actuator/health/")
                // The OpenAPI document and Swagger UI describe the API; they grant nothing. No dot segment,
                // parameter or escape: "/swagger-ui/../v1/audit/events" must not pass as documentation.
                || !path.contains("..") && path.indexOf(';') < 0 && path.indexOf('%') < 0
                && (path.equals("/v3/api-docs") || path.startsWith("/v3/api-docs/")
                || path.equals("/swagger-ui.html") || path.startsWith("/swagger-ui/")));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        Optional<Caller> caller;
        try {
            // A token may always introspect itself: no credential of this service is needed.
            caller = introspection.authenticate(authorization, clientAddress(request));
        } catch (AuthenticationUnavailable e) {
            logger.warn("token verification unavailable: " + e.getMessage());
            write(response, HttpStatus.SERVICE_UNAVAILABLE, "token verification is unavailable; try again later");
            return;
        }
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", authorization == null
                    ? "Bearer" : "Bearer error=\"invalid_token\"");
            write(response, HttpStatus.UNAUTHORIZED, "a valid bearer token is required");
            return;
        }
        if (caller.get().superseded() && !isRead(request)) {
            response.setHeader("WWW-Authenticate", SUPERSEDED_CHALLENGE);
            write(response, HttpStatus.UNAUTHORIZED, "the secret was superseded by a rotation: it may still read,"
                    + " but only the current secret may do anything else");
            return;
        }
        if (!caller.get().holds(AUDIT_READ)) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + AUDIT_READ + "\"");
            write(response, HttpStatus.FORBIDDEN, "this token lacks the scope " + AUDIT_READ);
            return;
        }
        request.setAttribute(CALLER, caller.get());
        chain.doFilter(request, response);
    }

    private String clientAddress(HttpServletRequest request) {
        return trustedProxies.clientAddress(request.getRemoteAddr(), headerValues(request, "Forwarded"),
                headerValues(request, "X-Forwarded-For"));
    }

    private static List<String> headerValues(HttpServletRequest request, String name) {
        java.util.Enumeration<String> values = request.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    private static boolean isRead(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    private void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        ProblemDetail problem = Problems.of(status, detail);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        json.writeValue(response.getOutputStream(), problem);
    }
}
