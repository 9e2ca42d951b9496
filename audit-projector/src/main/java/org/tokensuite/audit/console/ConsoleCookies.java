package org.tokensuite.audit.console;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The session cookie: only a random id (the token stays on the server), HttpOnly (no script reads it),
 * SameSite=Strict (no other site's page makes the browser send it), Secure when the request came over
 * HTTPS, and scoped to the console's paths.
 */
final class ConsoleCookies {

    static final String NAME = "console_session";

    private ConsoleCookies() {
    }

    static String sessionId(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (NAME.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isBlank()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    static void set(HttpServletRequest request, HttpServletResponse response, String sessionId) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, sessionId, -1).toString());
    }

    static void clear(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, "", 0).toString());
    }

    private static ResponseCookie cookie(HttpServletRequest request, String value, long maxAgeSeconds) {
        return ResponseCookie.from(NAME, value)
                .path(request.getContextPath() + "/console")
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Strict")
                .maxAge(maxAgeSeconds)
                .build();
    }
}
