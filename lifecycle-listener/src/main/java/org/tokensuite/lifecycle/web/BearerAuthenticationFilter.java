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
import org.tokensuite.platform.problem.Problems;
import org.tokensuite.platform.problem.servlet.ErrorDocuments;

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
    private final ErrorDocuments errors;

    public BearerAuthenticationFilter(IntrospectionClient introspection, ClientAddresses clientAddresses,
                                      ErrorDocuments errors) {
        this.introspection = introspection;
        this.clientAddresses = clientAddresses;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
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
            errors.write(request, response,
                    Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "token verification is unavailable; try again shortly"));
            return;
        }
        if (caller.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            errors.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "a valid bearer token is required"));
            return;
        }
        if (caller.get().superseded() && changesState(request)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, SUPERSEDED_CHALLENGE);
            errors.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED,
                    "the secret was superseded by a rotation; it may still read, but only the current secret can change anything"));
            return;
        }
        Scope needed = requiredScope(request);
        if (needed != null && !caller.get().holds(needed)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", scope=\"" + needed + "\"");
            errors.write(request, response, Problems.of(HttpStatus.FORBIDDEN, "this call needs the scope " + needed));
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
        return ErrorDocuments.path(request);
    }
}
