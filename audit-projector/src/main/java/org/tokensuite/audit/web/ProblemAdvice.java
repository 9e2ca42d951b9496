package org.tokensuite.audit.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;

/** Every error leaves as application/problem+json with a stable type; never a stack trace. */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(InvalidRequest.class)
    public ProblemDetail invalid(InvalidRequest e) {
        return Problems.of(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(DataAccessException.class)
    public ProblemDetail database(DataAccessException e) {
        if (e instanceof DataAccessResourceFailureException || e instanceof TransientDataAccessException
                || e instanceof RecoverableDataAccessException) {
            log.warn("audit database unavailable: {}", e.getClass().getSimpleName());
        } else {
            // Not an outage: a query the database refused. Inputs are validated up front (Params),
            // so this is a defect to fix; the caller still gets no internals.
            log.error("audit database refused a query", e);
        }
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "the audit log cannot be read right now; try again later");
    }

    /** No connection for a read transaction (the read pool exhausted, or no database): try again later. */
    @ExceptionHandler(CannotCreateTransactionException.class)
    public ProblemDetail noConnection(CannotCreateTransactionException e) {
        log.warn("audit database unavailable for a read: {}", e.getClass().getSimpleName());
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "the audit log cannot be read right now; try again later");
    }

    /**
     * Spring builds the problem for its own exceptions (404, 405, 406, 415, ...) inside
     * {@code super}, after this is called with a null body: give it the suite's type afterwards.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            problem.setType(URI.create("https://tokensuite.org/problems/" + Problems.slug(response.getStatusCode().value())));
        }
        return response;
    }
}
