package org.tokensuite.platform.problem.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.tokensuite.platform.problem.ProblemType;
import org.tokensuite.platform.problem.Problems;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What every Spring MVC service answers for the failures every such service sees: a malformed or
 * unreadable body, a wrong media type, an unacceptable Accept, a method not allowed, a missing or
 * mistyped parameter, no such resource, a body too large, and anything unexpected (500
 * {@code internal}, with nothing about the failure). Each answer is a problem typed from the
 * vocabulary, shaped by {@link ErrorDocuments} for the request's path; details are written here and
 * never quote the request (a value, a path or a header may be a pasted secret).
 *
 * <p>The platform registers one when a service has no advice of its own. A service with errors of its
 * own domain extends this class with handlers for them only: the most specific handler wins, so its
 * handlers come before these, and these still answer everything else.
 */
@RestControllerAdvice
public class MvcProblemAdvice extends ResponseEntityExceptionHandler {

    private final ErrorDocuments documents;

    public MvcProblemAdvice(ErrorDocuments documents) {
        this.documents = documents;
    }

    /** Anything no handler claims. */
    @ExceptionHandler(Exception.class)
    public final ResponseEntity<Object> unclaimed(Exception e, WebRequest request) {
        return unexpected(e, request);
    }

    /**
     * An unexpected failure: 500 {@code internal}. Logged by class name and stack, never by message
     * in the answer (messages of unexpected failures may quote input). A service may override it to
     * recognise failures of its own (token-command: a storage outage deep in a cause is a 503).
     */
    protected ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        // The logger Spring's base class keeps, named after the service's advice.
        logger.error("unexpected failure handling a request: " + e.getClass().getName(), e);
        return problem(ProblemType.INTERNAL, "the request could not be handled", request);
    }

    /** The answer for a problem of this type, in the request's format. */
    protected final ResponseEntity<Object> problem(ProblemType type, String detail, WebRequest request) {
        return problem(HttpStatusCode.valueOf(type.status()), detail, new HttpHeaders(), request);
    }

    /** The answer for this status (typed from the vocabulary) with these headers, in the request's format. */
    protected final ResponseEntity<Object> problem(HttpStatusCode status, String detail, HttpHeaders headers,
                                                   WebRequest request) {
        return respond(Problems.of(status, detail), headers, request);
    }

    /** The answer for a problem built by the caller (say, with a property a format reads). */
    protected final ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, WebRequest request) {
        return documents.entity(servletRequest(request), problem, headers);
    }

    /** Every exception Spring MVC raises itself ends here, with the headers it chose (Allow, Accept). */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            HttpServletResponse response = servlet.getResponse();
            if (response != null && response.isCommitted()) {
                return null;
            }
        }
        if (statusCode.is5xxServerError()) {
            logger.error("request failed in Spring MVC: " + ex.getClass().getName(), ex);
        }
        return problem(statusCode, detail(ex, statusCode), headers, request);
    }

    /** A precise detail that quotes nothing from the request: only names the service itself declares. */
    static String detail(Exception ex, HttpStatusCode status) {
        if (ex instanceof AsyncRequestTimeoutException) {
            return "the request took too long; try again later";
        }
        if (status.is5xxServerError()) {
            // The service's fault (a missing path variable, an unwritable answer): nothing to tell.
            return "the request could not be handled";
        }
        if (ex instanceof HttpMessageNotReadableException e) {
            return UnreadableBodies.describe(e.getCause());
        }
        if (ex instanceof HttpMediaTypeNotSupportedException e) {
            return "the body's content type is not supported" + among("takes", e.getSupportedMediaTypes());
        }
        if (ex instanceof HttpMediaTypeNotAcceptableException e) {
            return "no representation matches the Accept header" + among("answers with", e.getSupportedMediaTypes());
        }
        if (ex instanceof HttpRequestMethodNotSupportedException) {
            return "this resource does not support the method (see the Allow header)";
        }
        if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
            return "no such resource";
        }
        if (ex instanceof MissingServletRequestParameterException e) {
            return "the parameter '" + e.getParameterName() + "' is required";
        }
        if (ex instanceof MissingServletRequestPartException e) {
            return "the part '" + e.getRequestPartName() + "' is required";
        }
        if (ex instanceof MethodArgumentTypeMismatchException e) {
            return "'" + e.getName() + "' has the wrong type";
        }
        if (ex instanceof TypeMismatchException e && e.getPropertyName() != null) {
            return "'" + e.getPropertyName() + "' has the wrong type";
        }
        if (ex instanceof BindException e) { // MethodArgumentNotValidException is one
            String fields = e.getFieldErrors().stream().map(FieldError::getField).distinct().collect(Collectors.joining(", "));
            return fields.isEmpty() ? "the request is invalid" : "invalid field(s): " + fields;
        }
        if (ex instanceof HandlerMethodValidationException) {
            return "a parameter of the request is invalid";
        }
        if (ex instanceof MaxUploadSizeExceededException) {
            return "the request body is too large";
        }
        if (ex instanceof ServletRequestBindingException) {
            return "a required header, cookie or parameter is missing or invalid";
        }
        if (ex instanceof ErrorResponseException e && e.getBody().getDetail() != null) {
            // Thrown by the service's own code (a ResponseStatusException with its reason).
            return e.getBody().getDetail();
        }
        return ProblemType.forStatus(status.value()).title().toLowerCase();
    }

    private static String among(String verb, List<MediaType> supported) {
        if (supported == null || supported.isEmpty()) {
            return "";
        }
        return " (this resource " + verb + " " + supported.stream().map(MediaType::toString).collect(Collectors.joining(", ")) + ")";
    }

    private static HttpServletRequest servletRequest(WebRequest request) {
        return request instanceof ServletWebRequest servlet ? servlet.getRequest() : null;
    }
}
