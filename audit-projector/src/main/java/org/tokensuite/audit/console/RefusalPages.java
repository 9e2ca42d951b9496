package org.tokensuite.audit.console;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The few answers the console's filters give before any page is rendered, as fixed HTML (nothing
 * from the request in them): a refused cross-site post, token verification or the database unavailable.
 */
final class RefusalPages {

    private RefusalPages() {
    }

    static void write(HttpServletResponse response, int status, String title, String message) throws IOException {
        byte[] body = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title><link rel=\"stylesheet\" href=\"/console/static/console.css\"></head><body><main class=\"narrow\"><h1>"
                + title + "</h1><p>" + message + "</p><p><a href=\"/console/events\">Back to the console</a></p></main></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
