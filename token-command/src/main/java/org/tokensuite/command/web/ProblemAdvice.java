package org.tokensuite.command.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.NonNull;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.tokensuite.command.rule.TokenAccessDenied;
import org.tokensuite.command.rule.TokenRuleViolation;
import org.tokensuite.command.rule.TokenStateConflict;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * Every failure becomes an RFC 9457 problem with a stable type and a human detail; never a stack
 * trace, never a request body or secret.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(InvalidRequest.class)
    ResponseEntity<Object> invalid(InvalidRequest e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(TokenRuleViolation.class)
    ResponseEntity<Object> ruleViolated(TokenRuleViolation e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(TokenStateConflict.class)
    ResponseEntity<Object> conflict(TokenStateConflict e) {
        return problem(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(TokenAccessDenied.class)
    ResponseEntity<Object> forbidden(RuntimeException e) {
        return problem(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<Object> notFound(AggregateNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "no such token or user: " + e.getAggregateIdentifier());
    }

    @ExceptionHandler(TokenIdNotFound.class)
    ResponseEntity<Object> notFound(TokenIdNotFound e) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<Object> concurrent(ConcurrencyException e) {
        return problem(HttpStatus.CONFLICT, "the token was changed concurrently; try again");
    }

    @ExceptionHandler(PayloadTooLarge.class)
    ResponseEntity<Object> tooLarge(PayloadTooLarge e) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    /** The database behind the event store failed (Axon's JDBC engine, Spring's JDBC or transactions). */
    @ExceptionHandler({DataAccessException.class, JdbcException.class, EventStoreException.class, TransactionException.class})
    ResponseEntity<Object> storageUnavailable(Exception e) {
        log.error("storage failure: {}", e.getClass().getName());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "the event store is unavailable; try again shortly");
    }

    /** A time or duration so far out that java.time cannot represent the result: the input's fault. */
    @ExceptionHandler({DateTimeException.class, ArithmeticException.class})
    ResponseEntity<Object> outOfRange(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, "a time or duration in the request is out of range");
    }

    /** Remote command buses wrap the handler's exception; local ones may wrap it in the cause. */
    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<Object> commandFailed(CommandExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof TokenRuleViolation v) {
            return ruleViolated(v);
        }
        if (cause instanceof TokenStateConflict c) {
            return conflict(c);
        }
        if (cause instanceof TokenAccessDenied d) {
            return forbidden(d);
        }
        if (cause instanceof AggregateNotFoundException n) {
            return notFound(n);
        }
        if (cause instanceof DateTimeException || cause instanceof ArithmeticException) {
            return outOfRange((RuntimeException) cause);
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        if (StorageOutages.isOutage(e)) {
            return storageUnavailable(e);
        }
        // Class name only: messages of unexpected failures might quote input.
        log.error("unexpected failure handling a request: {}", e.getClass().getName(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "the request could not be handled");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(@NonNull HttpMessageNotReadableException ex,
                                                                  @NonNull HttpHeaders headers,
                                                                  @NonNull HttpStatusCode status,
                                                                  @NonNull WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLarge tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        return problem(HttpStatus.BAD_REQUEST, describe(ex.getCause()));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(@NonNull Exception ex, Object body,
                                                             @NonNull HttpHeaders headers,
                                                             @NonNull HttpStatusCode statusCode,
                                                             @NonNull WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail p ? p : Problems.of(statusCode, ex.getMessage());
        problem.setType(Problems.typeOf(statusCode));
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(statusCode).headers(out).body(problem);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(Problems.of(status, detail));
    }

    /** A precise, input-free description of why a body could not be read. */
    static String describe(Throwable cause) {
        if (cause == null) {
            return "a JSON body is required";
        }
        if (cause instanceof UnrecognizedPropertyException e) {
            return "unknown field '" + path(e) + "'";
        }
        if (cause instanceof ValueInstantiationException e && e.getCause() != null
                && e.getCause() instanceof IllegalArgumentException) {
            return "field '" + path(e) + "': " + e.getCause().getMessage();
        }
        if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
            JsonMappingException e = (JsonMappingException) cause;
            Class<?> target = cause instanceof MismatchedInputException m ? m.getTargetType() : null;
            String field = path(e);
            if (field.isEmpty()) {
                return "the body must be a JSON object";
            }
            if (target != null && Duration.class.isAssignableFrom(target)) {
                return "field '" + field + "' must be an ISO-8601 duration such as P30D or PT1H";
            }
            if (target != null && Instant.class.isAssignableFrom(target)) {
                return "field '" + field + "' must be an ISO-8601 UTC time such as 2030-01-31T12:00:00Z";
            }
            return "field '" + field + "' has the wrong type" + (target == null ? "" : " (expected " + describeType(target) + ")");
        }
        if (cause instanceof JsonMappingException e && e.getCause() instanceof java.time.DateTimeException) {
            return "field '" + path(e) + "' is not a valid ISO-8601 value";
        }
        if (cause instanceof JsonParseException) {
            return "the body is not well-formed JSON";
        }
        if (cause instanceof JsonMappingException e) {
            return "field '" + path(e) + "' could not be read";
        }
        return "the body could not be read as JSON";
    }

    private static String describeType(Class<?> target) {
        if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        if (target == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            return "a number";
        }
        return "an object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
