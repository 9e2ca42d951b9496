package org.tokensuite.platform.security.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;

/** The platform's {@link SecurityErrorWriter}: {@code application/problem+json}. */
public class ProblemJsonErrorWriter implements SecurityErrorWriter {

    private final ObjectMapper json;

    public ProblemJsonErrorWriter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
