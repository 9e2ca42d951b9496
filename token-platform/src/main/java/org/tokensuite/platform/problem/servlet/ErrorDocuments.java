package org.tokensuite.platform.problem.servlet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.util.List;

/**
 * Turns a problem into the document the caller's path speaks: problem+json, unless an
 * {@link ErrorFormat} of the service claims the path. The one place a servlet service's error
 * answers take their shape, whether from the controller advice, a filter or the container's valve.
 */
public class ErrorDocuments {

    private final List<ErrorFormat> formats;
    private final ObjectMapper json;

    public ErrorDocuments(List<ErrorFormat> formats, ObjectMapper json) {
        this.formats = List.copyOf(formats);
        this.json = json;
    }

    /**
     * The request's path as the container decoded and normalised it (no "..", no ";params"), so a
     * crafted URI cannot look like one path to a filter and like another to the dispatcher.
     */
    public static String path(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }

    public MediaType mediaType(String path) {
        ErrorFormat format = formatFor(path);
        return format == null ? MediaType.APPLICATION_PROBLEM_JSON : format.mediaType();
    }

    public Object document(String path, ProblemDetail problem) {
        ErrorFormat format = formatFor(path);
        return format == null ? problem : format.document(problem);
    }

    /** The answer of a controller advice: the problem's status, the given headers, the path's format. */
    public ResponseEntity<Object> entity(HttpServletRequest request, ProblemDetail problem, HttpHeaders headers) {
        String path = request == null ? "" : path(request);
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        out.setContentType(mediaType(path));
        return ResponseEntity.status(problem.getStatus()).headers(out).body(document(path, problem));
    }

    /** Writes the answer of a filter, which runs outside Spring MVC and its message converters. */
    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) throws IOException {
        String path = path(request);
        response.setStatus(problem.getStatus());
        response.setContentType(mediaType(path).toString());
        json.writeValue(response.getOutputStream(), document(path, problem));
    }

    /** The document as JSON text, for writers that cannot use a response's output stream (the valve). */
    public String text(String path, ProblemDetail problem) throws JsonProcessingException {
        return json.writeValueAsString(document(path, problem));
    }

    private ErrorFormat formatFor(String path) {
        if (path == null) {
            return null;
        }
        for (ErrorFormat format : formats) {
            if (format.appliesTo(path)) {
                return format;
            }
        }
        return null;
    }
}
