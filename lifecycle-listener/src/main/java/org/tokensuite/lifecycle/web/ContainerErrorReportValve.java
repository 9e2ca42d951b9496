package org.tokensuite.lifecycle.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers the errors Tomcat raises before a request reaches Spring (an encoded slash or NUL in the
 * path, a path climbing above the root, headers over the connector's limit) with the same error
 * documents as the rest of the service, instead of Tomcat's HTML page. The request never got to
 * the application, so the format is chosen from the raw request URI, and the detail is fixed text:
 * nothing from the request or the container's message is echoed back.
 */
public class ContainerErrorReportValve extends ErrorReportValve {

    /** Tomcat's own message for headers over maxHttpRequestHeaderSize, in the locale it uses itself. */
    private static final String HEADER_TOO_LARGE =
            StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error");

    private final ErrorResponses errors;

    public ContainerErrorReportValve(ErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        // The same conditions as Tomcat's page: an error status, nothing written yet, and an error
        // not already answered (by Spring's /error, for requests that did reach the application).
        if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus status = status(response.getStatus(), throwable);
        boolean scim = request.getRequestURI() != null && request.getRequestURI().startsWith("/scim/");
        try {
            String body = errors.render(scim, status, ApiExceptionHandler.slug(status), detail(status));
            response.setStatus(status.value());
            // Tomcat drops the connection after a request it could not parse, but only says so for
            // some statuses (not 431): say it always, or a client reuses a dead connection.
            response.setHeader("Connection", "close");
            response.setContentType(ErrorResponses.contentType(scim));
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body any more: nothing left to tell it
        }
    }

    private static HttpStatus status(int code, Throwable throwable) {
        // Tomcat answers oversized headers with a plain 400; RFC 6585 has the precise status.
        if (code == HttpStatus.BAD_REQUEST.value() && throwable instanceof IllegalArgumentException
                && HEADER_TOO_LARGE.equals(throwable.getMessage())) {
            return HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        HttpStatus status = HttpStatus.resolve(code);
        if (status != null) {
            return status;
        }
        return code < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String detail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "the request is malformed (for example an encoded '/' or NUL in the path, "
                    + "or a path above the root) and was not processed";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "the request's headers are larger than this service accepts";
            default -> status.getReasonPhrase();
        };
    }
}
