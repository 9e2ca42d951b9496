package org.tokensuite.lifecycle.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.tokensuite.lifecycle.command.CommandRefused;
import org.tokensuite.lifecycle.command.CommandUnauthorized;
import org.tokensuite.lifecycle.command.CommandUnavailable;
import org.tokensuite.lifecycle.command.ReservedPrincipalRefused;
import org.tokensuite.lifecycle.scim.ScimErrorFormat;
import org.tokensuite.lifecycle.scim.ScimRequestRefused;
import org.tokensuite.platform.problem.ProblemType;
import org.tokensuite.platform.problem.Problems;
import org.tokensuite.platform.problem.servlet.ErrorDocuments;
import org.tokensuite.platform.problem.servlet.MvcProblemAdvice;

/**
 * This service's own failures (a SCIM request refused, a reserved principal, token-command refusing
 * or unreachable) as problems of the one vocabulary; everything else is the platform's
 * {@link MvcProblemAdvice}. Under {@code /scim/} every answer takes SCIM's error schema
 * ({@link ScimErrorFormat}).
 */
@RestControllerAdvice
public class ApiExceptionHandler extends MvcProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    public ApiExceptionHandler(ErrorDocuments documents) {
        super(documents);
    }

    @ExceptionHandler(ScimRequestRefused.class)
    ResponseEntity<Object> scimRefused(ScimRequestRefused e, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatusCode.valueOf(e.status()), e.detail());
        if (e.scimType() != null) {
            problem.setProperty(ScimErrorFormat.SCIM_TYPE, e.scimType());
        }
        return respond(problem, new HttpHeaders(), request);
    }

    @ExceptionHandler(ReservedPrincipalRefused.class)
    ResponseEntity<Object> reservedPrincipal(ReservedPrincipalRefused e, WebRequest request) {
        log.warn("refused a SCIM request about {}, one of the suite's own principals; nothing was sent or recorded", e.user());
        return problem(ProblemType.CONFLICT, e.getMessage(), request);
    }

    @ExceptionHandler(CommandRefused.class)
    ResponseEntity<Object> commandRefused(CommandRefused e, WebRequest request) {
        int status = HttpStatus.resolve(e.status()) == null ? ProblemType.INVALID_REQUEST.status() : e.status();
        String detail = "token-command refused the command" + (e.detail() == null ? "" : ": " + e.detail());
        return problem(HttpStatusCode.valueOf(status), detail, new HttpHeaders(), request);
    }

    @ExceptionHandler(CommandUnavailable.class)
    ResponseEntity<Object> commandUnavailable(CommandUnavailable e, WebRequest request) {
        if (e instanceof CommandUnauthorized) {
            log.error("cannot apply a SCIM request: {}", e.getMessage());
        } else {
            log.warn("cannot apply a SCIM request: {}", e.getMessage());
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "10");
        return problem(HttpStatusCode.valueOf(ProblemType.UNAVAILABLE.status()),
                "token-command cannot take the request now; nothing was changed, retry later", headers, request);
    }
}
