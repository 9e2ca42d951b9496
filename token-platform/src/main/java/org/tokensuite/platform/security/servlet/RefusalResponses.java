package org.tokensuite.platform.security.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.tokensuite.platform.security.Refusal;

import java.io.IOException;

/** The one 401/503 entry point and 403 handler of the servlet chain: {@link Refusal}, written by the {@link SecurityErrorWriter}. */
public class RefusalResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final SecurityErrorWriter writer;

    public RefusalResponses(SecurityErrorWriter writer) {
        this.writer = writer;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        write(request, response, Refusal.of(failure));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denial)
            throws IOException {
        write(request, response, Refusal.of(denial));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, Refusal refusal) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(refusal.status().value());
        refusal.headers(response::setHeader);
        writer.write(request, response, refusal.problem());
    }
}
