package org.tokensuite.audit.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.tokensuite.platform.problem.ProblemType;
import org.tokensuite.platform.problem.servlet.ErrorDocuments;
import org.tokensuite.platform.problem.servlet.MvcProblemAdvice;

/**
 * The audit log's own failures as problems of the one vocabulary: a parameter it refuses, a
 * database it cannot read, a version of a token it has not recorded in time. Everything else is the platform's {@link MvcProblemAdvice}.
 */
@RestControllerAdvice
public class ProblemAdvice extends MvcProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private static final String UNREADABLE = "the audit log cannot be read right now; try again later";

    public ProblemAdvice(ErrorDocuments documents) {
        super(documents);
    }

    @ExceptionHandler(InvalidRequest.class)
    ResponseEntity<Object> invalid(InvalidRequest e, WebRequest request) {
        return problem(ProblemType.INVALID_REQUEST, e.getMessage(), request);
    }

    /** A read-your-writes read the log did not catch up with in time: ask again shortly. */
    @ExceptionHandler(LogBehind.class)
    ResponseEntity<Object> behind(LogBehind e, WebRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, LogBehind.RETRY_AFTER_SECONDS);
        return problem(HttpStatusCode.valueOf(ProblemType.UNAVAILABLE.status()), e.getMessage(), headers, request);
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Object> database(DataAccessException e, WebRequest request) {
        if (e instanceof DataAccessResourceFailureException || e instanceof TransientDataAccessException
                || e instanceof RecoverableDataAccessException) {
            log.warn("audit database unavailable: {}", e.getClass().getSimpleName());
        } else {
            // Not an outage: a query the database refused. Inputs are validated up front (Params),
            // so this is a defect to fix; the caller still gets no internals.
            log.error("audit database refused a query", e);
        }
        return problem(ProblemType.UNAVAILABLE, UNREADABLE, request);
    }

    /** No connection for a read transaction (the read pool exhausted, or no database): try again later. */
    @ExceptionHandler(CannotCreateTransactionException.class)
    ResponseEntity<Object> noConnection(CannotCreateTransactionException e, WebRequest request) {
        log.warn("audit database unavailable for a read: {}", e.getClass().getSimpleName());
        return problem(ProblemType.UNAVAILABLE, UNREADABLE, request);
    }
}
