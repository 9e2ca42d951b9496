package org.tokensuite.command.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tokensuite.api.auth.AuthenticationUnavailable;
import org.tokensuite.api.auth.Caller;
import org.tokensuite.api.auth.IntrospectionClient;
import org.tokensuite.api.auth.TrustedProxies;
import org.tokensuite.api.value.Scope;
import org.tokensuite.command.web.Problems;

import java.io.IOException;
import java.util.Collections;
import java.util.Optional;

/**
 * Every endpoint but health needs a bearer token of this suite, verified by token-query's
 * introspection. Fails closed: when verification cannot answer, the request gets 503.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class IntrospectionAuthFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(IntrospectionAuthFilter.class);

    private final IntrospectionClient introspection;
    private final TrustedProxies trustedProxies;
    private final ObjectMapper json;

    public IntrospectionAuthFilter(AuthProperties properties, ObjectMapper json,
                                   @Value("${tokens.http.trusted-proxies:}") String trustedProxies) {
        this.introspection = new IntrospectionClient(properties.introspectionUrl(), properties.introspectionTimeout());
        this.trustedProxies = TrustedProxies.parse(trustedProxies);
        this.json = json;
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
            caller = introspection.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION), clientAddress(request));
        } catch (AuthenticationUnavailable e) {
            log.warn("token verification unavailable: {}", e.getMessage());
            reject(response, HttpStatus.SERVICE_UNAVAILABLE,
                    "token verification is unavailable; try again shortly");
            return;
        }
        if (caller.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            reject(response, HttpStatus.UNAUTHORIZED,
                    "a valid, active bearer token of this suite is required");
            return;
        }
        if (caller.get().superseded()) {
            // Every call here changes state; a secret replaced by a rotation may only verify until its overlap ends.
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"invalid_token\", error_description=\"the secret was superseded by a rotation\"");
            reject(response, HttpStatus.UNAUTHORIZED,
                    "this secret was superseded by a rotation: it still verifies until its overlap ends, "
                            + "but changes nothing; use the current secret");
            return;
        }
        if (path(request).startsWith("/actuator/") && !caller.get().holds(Scope.ADMIN)) {
            reject(response, HttpStatus.FORBIDDEN, "the service's metrics need scope tokens:admin");
            return;
        }
        request.setAttribute(Callers.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private String clientAddress(HttpServletRequest request) {
        return trustedProxies.clientAddress(request.getRemoteAddr(),
                Collections.list(request.getHeaders("Forwarded")), Collections.list(request.getHeaders("X-Forwarded-For")));
    }

    private void reject(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        ProblemDetail problem = Problems.of(status, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
