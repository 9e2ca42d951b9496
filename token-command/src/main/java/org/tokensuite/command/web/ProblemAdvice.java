package org.tokensuite.command.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.NonNull;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.command.conflict.ConflictRetries;
import org.tokensuite.command.rule.TokenAccessDenied;
import org.tokensuite.command.rule.TokenRuleViolation;
import org.tokensuite.command.rule.TokenStateConflict;
import org.tokensuite.platform.problem.ProblemType;
import org.tokensuite.platform.problem.servlet.ErrorDocuments;
import org.tokensuite.platform.problem.servlet.MvcProblemAdvice;

import java.time.DateTimeException;

/**
 * The failures of token-command's own domain, as problems of the one vocabulary: rule violations,
 * state conflicts, access denied, unknown tokens, storage outages. Everything every MVC service sees
 * (unreadable bodies, wrong media types, unknown paths, the unexpected) is the platform's
 * {@link MvcProblemAdvice}. Never a stack trace, never a request body or secret.
 */
@RestControllerAdvice
public class ProblemAdvice extends MvcProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    public ProblemAdvice(ErrorDocuments documents) {
        super(documents);
    }

    @ExceptionHandler(InvalidRequest.class)
    ResponseEntity<Object> invalid(InvalidRequest e, WebRequest request) {
        return problem(ProblemType.INVALID_REQUEST, e.getMessage(), request);
    }

    @ExceptionHandler(LeakReportUnsigned.class)
    ResponseEntity<Object> unsigned(LeakReportUnsigned e, WebRequest request) {
        return problem(ProblemType.UNAUTHENTICATED, e.getMessage(), request);
    }

    @ExceptionHandler(TokenRuleViolation.class)
    ResponseEntity<Object> ruleViolated(TokenRuleViolation e, WebRequest request) {
        return problem(ProblemType.INVALID_REQUEST, e.getMessage(), request);
    }

    @ExceptionHandler(TokenStateConflict.class)
    ResponseEntity<Object> conflict(TokenStateConflict e, WebRequest request) {
        return problem(ProblemType.CONFLICT, e.getMessage(), request);
    }

    @ExceptionHandler(TokenAccessDenied.class)
    ResponseEntity<Object> forbidden(TokenAccessDenied e, WebRequest request) {
        return problem(ProblemType.FORBIDDEN, e.getMessage(), request);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<Object> notFound(AggregateNotFoundException e, WebRequest request) {
        String id = String.valueOf(e.getAggregateIdentifier());
        if (TokenId.isValid(id)) {
            // Answered as the reach check answers an unknown token, so an administrator's 404 reads like anyone else's.
            return notFound(new TokenIdNotFound(id), request);
        }
        return problem(ProblemType.NOT_FOUND, "no such token or user: " + id, request);
    }

    @ExceptionHandler(TokenIdNotFound.class)
    ResponseEntity<Object> notFound(TokenIdNotFound e, WebRequest request) {
        return problem(ProblemType.NOT_FOUND, e.getMessage(), request);
    }

    /**
     * Another instance (or request) changed the token or user between load and append, and the
     * gateway's retries (ConflictRetries) met the same race each time: nothing was applied.
     */
    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class})
    ResponseEntity<Object> concurrent(RuntimeException e, WebRequest request) {
        return problem(ProblemType.CONFLICT, "the token or user was changed concurrently; try again", request);
    }

    @ExceptionHandler(PayloadTooLarge.class)
    ResponseEntity<Object> tooLarge(PayloadTooLarge e, WebRequest request) {
        return problem(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage(), request);
    }

    /** The database behind the event store failed (Axon's JDBC engine, Spring's JDBC or transactions). */
    @ExceptionHandler({DataAccessException.class, JdbcException.class, EventStoreException.class, TransactionException.class})
    ResponseEntity<Object> storageUnavailable(Exception e, WebRequest request) {
        log.error("storage failure: {}", e.getClass().getName());
        return problem(ProblemType.UNAVAILABLE, "the event store is unavailable; try again shortly", request);
    }

    /** A time or duration so far out that java.time cannot represent the result: the input's fault. */
    @ExceptionHandler({DateTimeException.class, ArithmeticException.class})
    ResponseEntity<Object> outOfRange(RuntimeException e, WebRequest request) {
        return problem(ProblemType.INVALID_REQUEST, "a time or duration in the request is out of range", request);
    }

    /** Remote command buses wrap the handler's exception; local ones may wrap it in the cause. */
    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<Object> commandFailed(CommandExecutionException e, WebRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof TokenRuleViolation v) {
            return ruleViolated(v, request);
        }
        if (cause instanceof TokenStateConflict c) {
            return conflict(c, request);
        }
        if (cause instanceof TokenAccessDenied d) {
            return forbidden(d, request);
        }
        if (cause instanceof AggregateNotFoundException n) {
            return notFound(n, request);
        }
        if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
            return concurrent((RuntimeException) cause, request);
        }
        if (cause instanceof DateTimeException || cause instanceof ArithmeticException) {
            return outOfRange((RuntimeException) cause, request);
        }
        return unexpected(e, request);
    }

    /** A storage outage however deep Axon, Spring or the command bus wrapped it is a 503, not a 500. */
    @Override
    protected ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        if (ConflictRetries.isConflict(e)) {
            return concurrent(new ConcurrencyException("wrapped conflict"), request);
        }
        if (StorageOutages.isOutage(e)) {
            return storageUnavailable(e, request);
        }
        return super.unexpected(e, request);
    }

    /** The body stream refused to grow past the limit (BodySizeLimitFilter): 413, not a malformed body. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(@NonNull HttpMessageNotReadableException ex,
                                                                  @NonNull HttpHeaders headers,
                                                                  @NonNull HttpStatusCode status,
                                                                  @NonNull WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLarge tooLarge) {
                return tooLarge(tooLarge, request);
            }
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }
}
