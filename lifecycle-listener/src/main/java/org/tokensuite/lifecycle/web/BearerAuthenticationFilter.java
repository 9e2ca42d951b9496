package org.tokensuite.lifecycle.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tokensuite.api.auth.AuthenticationUnavailable;
import org.tokensuite.api.auth.Caller;
import org.tokensuite.api.auth.IntrospectionClient;
import org.tokensuite.api.value.Scope;

import java.io.IOException;
import java.util.Optional;

/**
 * Every endpoint but health needs a suite bearer token, verified by token-query: SCIM needs
 * {@code users:offboard} (it offboards people), the other actuator endpoints (metrics)
 * {@code tokens:admin}. Verification fails closed: when token-query cannot answer, 503. A secret
 * superseded by a rotation (still in its overlap) may read but changes nothing: any call other
 * than GET/HEAD made with it is 401.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class BearerAuthenticationFilter extends OncePerRequestFilter {

    public static final String CALLER_ATTRIBUTE = "org.tokensuite.lifecycle.caller";
    static final Scope SCIM_SCOPE = Scope.of("users:offboard");

    private static final Logger log = LoggerFactory.getLogger(BearerAuthenticationFilter.class);

    static final String SUPERSEDED_CHALLENGE =
            "Bearer error=\"invalid_token\", error_description=\"the secret was superseded by a rotation\"";

    private final IntrospectionClient introspection;
    private final ClientAddresses clientAddresses;
    private final ErrorResponses errors;

    public BearerAuthenticationFilter(IntrospectionClient introspection, ClientAddresses clientAddresses,
                                      ErrorResponses errors) {
        this.introspection = introspection;
        this.clientAddresses = clientAddresses;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/") || isApiDocs(request, path);
    }

    /** The OpenAPI document and Swagger UI are public (read-only): they describe the API, they grant nothing. */
    private static boolean isApiDocs(HttpServletRequest request, String path) {
        // No dot segment, parameter or escape: "/swagger-ui/../actuator/metrics" must not pass as documentation.
        return ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                && !path.contains("..") && path.indexOf(';') < 0 && path.indexOf('%') < 0
                && (path.equals("/v3/api-docs") || path.startsWith("/v3/api-docs/")
                || path.equals("/swagger-ui.html") || path.startsWith("/swagger-ui/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller;
        try {
            caller = introspection.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION), clientAddresses.of(request));
        } catch (AuthenticationUnavailable e) {
            log.warn("cannot verify a caller's token: {}", e.getMessage());
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            errors.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "token verification is unavailable; try again shortly");
            return;
        }
        if (caller.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            errors.write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "a valid bearer token is required");
            return;
        }
        if (caller.get().superseded() && changesState(request)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, SUPERSEDED_CHALLENGE);
            errors.write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "the secret was superseded by a rotation; it may still read, but only the current secret can change anything");
            return;
        }
        Scope needed = requiredScope(request);
        if (needed != null && !caller.get().holds(needed)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", scope=\"" + needed + "\"");
            errors.write(request, response, HttpStatus.FORBIDDEN, "forbidden", "this call needs the scope " + needed);
            return;
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    private static boolean changesState(HttpServletRequest request) {
        String method = request.getMethod();
        return !"GET".equals(method) && !"HEAD".equals(method);
    }

    private static Scope requiredScope(HttpServletRequest request) {
        String path = path(request);
        if (path.startsWith("/scim/")) {
            return SCIM_SCOPE;
        }
        if (path.startsWith("/actuator")) {
            return Scope.ADMIN;
        }
        return null;
    }

    private static String path(HttpServletRequest request) {
        return ErrorResponses.path(request);
    }
}
