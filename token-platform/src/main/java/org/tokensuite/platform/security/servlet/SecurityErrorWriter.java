package org.tokensuite.platform.security.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ProblemDetail;

import java.io.IOException;

/**
 * Writes the body of a 401, 403 or 503 refusal (status and challenge headers are already set). The
 * platform's writes problem+json; a service whose clients expect another error format on some paths (SCIM
 * under {@code /scim/}) declares its own bean.
 */
@FunctionalInterface
public interface SecurityErrorWriter {

    void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) throws IOException;
}
