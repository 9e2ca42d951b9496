package org.tokensuite.command.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat refuses some requests before Spring sees them (an encoded slash or NUL in the path, a
 * path escaping the root, headers beyond the limit) and would answer with its HTML error page.
 * This replaces that page with a minimal problem+json, so every 4xx of the service has the same
 * shape. It writes only when nothing has been written yet: Spring's own problems pass untouched.
 */
public class ProblemReportValve extends ErrorReportValve {

    /** Tomcat's own message for a request whose headers exceed maxHttpRequestHeaderSize. */
    private static final String HEADER_TOO_LARGE =
            StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error");

    public ProblemReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String detail = "the request could not be handled";
        if (status == HttpStatus.BAD_REQUEST.value()) {
            if (isHeaderTooLarge(throwable)) {
                status = HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value();
                response.setStatus(status);
                detail = "the request headers are too large";
            } else {
                detail = "the request line or headers are malformed (for example an encoded '/' or NUL in the path)";
            }
        }
        try {
            // Tomcat drops the connection after a request it could not parse, but only says so for
            // some statuses (not 431): say it always, or a client reuses a dead connection.
            response.setHeader("Connection", "close");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json(status, detail));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response could not be written; nothing more to tell it.
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

    /** Written by hand: every value is a constant of this class, nothing from the request. */
    static String json(int status, String detail) {
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return "{\"type\":\"" + Problems.typeOf(code) + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
    }
}
