package org.tokensuite.lifecycle.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.tokensuite.lifecycle.scim.ScimError;
import org.tokensuite.platform.security.servlet.ProblemJsonErrorWriter;
import org.tokensuite.platform.security.servlet.SecurityErrorWriter;

import java.io.IOException;

/**
 * A SCIM client gets its 401/403/503 in SCIM's error schema under {@code /scim/}; every other path the
 * platform's problem+json. (Status and challenge headers are the platform's either way.)
 */
@Component
public class ScimSecurityErrors implements SecurityErrorWriter {

    private final ObjectMapper json;
    private final ProblemJsonErrorWriter problems;

    public ScimSecurityErrors(ObjectMapper json) {
        this.json = json;
        this.problems = new ProblemJsonErrorWriter(json);
    }

    @Override
    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (!ErrorResponses.isScim(request)) {
            problems.write(request, response, problem);
            return;
        }
        response.setContentType(ScimError.MEDIA_TYPE);
        json.writeValue(response.getOutputStream(), ScimError.of(problem.getStatus(), null, problem.getDetail()));
    }
}
