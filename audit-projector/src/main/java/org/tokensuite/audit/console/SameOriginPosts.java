package org.tokensuite.audit.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Cross-site request forgery: every console request that is not a GET or HEAD (sign-in, sign-out) must
 * come from a page of the console's own origin. A browser that sends Fetch metadata must say
 * {@code Sec-Fetch-Site: same-origin} (a page cannot forge it); {@code Origin}, when it names an origin,
 * must equal the one the request was addressed to (scheme, Host) or one of {@code allowed-origins}. The
 * console's pages are {@code Referrer-Policy: no-referrer}, under which browsers send {@code Origin: null}
 * with their own form posts, so {@code null} counts only together with {@code Sec-Fetch-Site: same-origin}.
 * Anything else is refused (403). The session cookie is also SameSite=Strict, so another site's form never
 * carries it (another port of the same host is the same site: there only this check stands).
 */
final class SameOriginPosts extends OncePerRequestFilter {

    private final List<String> allowedOrigins;

    SameOriginPosts(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins.stream().map(SameOriginPosts::normalised).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || sameOrigin(request)) {
            chain.doFilter(request, response);
            return;
        }
        RefusalPages.write(response, HttpServletResponse.SC_FORBIDDEN, "Request refused",
                "This form was not sent from a page of the console, so it was refused. Open the console and try again.");
    }

    boolean sameOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !"same-origin".equals(site)) {
            return false;
        }
        String origin = request.getHeader("Origin");
        if (origin == null || "null".equals(origin.trim())) {
            return site != null;
        }
        String normalised = normalised(origin);
        return normalised.equals(ownOrigin(request)) || allowedOrigins.contains(normalised);
    }

    /** The origin this request was addressed to: its scheme and its Host header as sent. */
    private static String ownOrigin(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null || host.isBlank()) {
            return "";
        }
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        String own = scheme + "://" + host.trim().toLowerCase(Locale.ROOT);
        // Host names the default port only when it is not the scheme's default; Origin never names a default port.
        if (own.endsWith(":80") && "http".equals(scheme) || own.endsWith(":443") && "https".equals(scheme)) {
            own = own.substring(0, own.lastIndexOf(':'));
        }
        return own;
    }

    private static String normalised(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
