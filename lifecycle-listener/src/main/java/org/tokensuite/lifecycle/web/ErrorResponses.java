package org.tokensuite.lifecycle.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.tokensuite.lifecycle.scim.ScimError;

import java.io.IOException;
import java.net.URI;

/**
 * Writes an error outside Spring MVC (from a filter) in the format the caller speaks: SCIM's error
 * schema under {@code /scim/}, RFC 9457 problem details everywhere else.
 */
@Component
public class ErrorResponses {

    public static final String PROBLEM_BASE = "https://tokensuite.org/problems/";

    private final ObjectMapper json;

    public ErrorResponses(ObjectMapper json) {
        this.json = json;
    }

    public static boolean isScim(HttpServletRequest request) {
        return path(request).startsWith("/scim/");
    }

    /**
     * The request's path as the container decoded and normalised it (no "..", no ";params"), so a
     * crafted URI cannot look like health to the filter and like something else to the dispatcher.
     */
    public static String path(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }

    public static ProblemDetail problem(HttpStatus status, String slug, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEM_BASE + slug));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug,
                      String detail) throws IOException {
        boolean scim = isScim(request);
        response.setStatus(status.value());
        response.setContentType(contentType(scim));
        json.writeValue(response.getOutputStream(), body(scim, status, slug, detail));
    }

    /** The error document as JSON text, for writers that cannot use the response's output stream. */
    public String render(boolean scim, HttpStatus status, String slug, String detail) throws IOException {
        return json.writeValueAsString(body(scim, status, slug, detail));
    }

    public static String contentType(boolean scim) {
        return scim ? ScimError.MEDIA_TYPE : MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    }

    private static Object body(boolean scim, HttpStatus status, String slug, String detail) {
        return scim ? ScimError.of(status.value(), null, detail) : problem(status, slug, detail);
    }
}
