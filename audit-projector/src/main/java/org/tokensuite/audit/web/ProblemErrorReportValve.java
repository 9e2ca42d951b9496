package org.tokensuite.audit.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers the errors Tomcat raises before Spring sees a request (a URI it refuses, such as an
 * encoded slash or a NUL, or headers too large) with a minimal problem+json instead of Tomcat's
 * HTML page: same contract as every other error of this service, and nothing about the server.
 * Anything already written (Spring's own problems) is left alone.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
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
        try {
            // Tomcat drops the connection after a request it could not parse: say so, or a client
            // reuses a dead connection.
            response.setHeader("Connection", "close");
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            String body = body(status);
            // ASCII only, so characters are bytes; a length spares the client chunked framing.
            response.setContentLength(body.length());
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response already committed: nothing left to tell it.
        }
    }

    /** Fixed texts only: Tomcat's message may echo the request, which is not ours to repeat. */
    static String body(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String detail = status == 431
                ? "the request headers are too large"
                : status >= 500 ? "the request could not be completed; try again later"
                : "the request could not be understood (its URI, headers or framing are not acceptable)";
        return "{\"type\":\"https://tokensuite.org/problems/" + Problems.slug(status) + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }
}
