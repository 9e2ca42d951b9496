package org.tokensuite.platform.problem.servlet;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.http.HttpStatusCode;
import org.tokensuite.platform.problem.Problems;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat refuses some requests before Spring sees them (an encoded slash or NUL in the path, a path
 * climbing above the root, headers beyond the connector's limit, a body or URI too large) and would
 * answer with its HTML error page. This answers them with the same documents as every other error of
 * the service instead: typed from the vocabulary, in the format of the request's path, with a fixed
 * detail. Nothing from the request or the container's message is echoed, no stack trace, no server
 * name. It writes only when nothing has been written yet: answers Spring gave pass untouched.
 */
public class ProblemReportValve extends ErrorReportValve {

    /** Tomcat's own message for headers over maxHttpRequestHeaderSize, in the locale it uses itself. */
    private static final String HEADER_TOO_LARGE =
            StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error");

    private final ErrorDocuments documents;

    public ProblemReportValve(ErrorDocuments documents) {
        this.documents = documents;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        // The same conditions as Tomcat's page: an error status, nothing written yet, and an error
        // not already answered (by Spring's /error, for requests that did reach the application).
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        if (status == 400 && isHeaderTooLarge(throwable)) {
            // Tomcat answers oversized headers with a plain 400; RFC 6585 has the precise status.
            status = 431;
            response.setStatus(status);
        }
        // The request never reached the application: the format follows the raw URI, if it was parsed.
        String path = request.getRequestURI();
        try {
            String body = documents.text(path, Problems.of(HttpStatusCode.valueOf(status), detail(status)));
            // Tomcat drops the connection after a request it could not parse, but only says so for
            // some statuses (not 431): say it always, or a client reuses a dead connection.
            response.setHeader("Connection", "close");
            response.setContentType(documents.mediaType(path).toString());
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            // A length spares the client chunked framing on a connection about to close.
            response.setContentLength(body.getBytes(StandardCharsets.UTF_8).length);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response cannot take a body any more: nothing left to tell it.
        }
    }

    private static boolean isHeaderTooLarge(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (HEADER_TOO_LARGE.equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** Fixed texts only: the container's message may quote the request, which is not ours to repeat. */
    static String detail(int status) {
        return switch (status) {
            case 400 -> "the request is malformed (for example an encoded '/' or NUL in the path, "
                    + "or a path above the root) and was not processed";
            case 413 -> "the request is too large";
            case 414 -> "the request URI is too long";
            case 431 -> "the request headers are too large";
            case 505 -> "the HTTP version is not supported";
            default -> status >= 500 ? "the request could not be completed; try again later"
                    : "the request was refused before it reached the service";
        };
    }
}
