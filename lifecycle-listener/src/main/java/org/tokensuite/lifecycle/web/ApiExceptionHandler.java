package org.tokensuite.lifecycle.web;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.tokensuite.lifecycle.command.CommandRefused;
import org.tokensuite.lifecycle.command.CommandUnauthorized;
import org.tokensuite.lifecycle.command.CommandUnavailable;
import org.tokensuite.lifecycle.command.ReservedPrincipalRefused;
import org.tokensuite.lifecycle.scim.ScimError;
import org.tokensuite.lifecycle.scim.ScimRequestRefused;

/**
 * Every error leaves as a document, never a stack trace: SCIM's error schema under {@code /scim/},
 * RFC 9457 problem details with the suite's type URIs elsewhere.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ScimRequestRefused.class)
    ResponseEntity<Object> scimRefused(ScimRequestRefused e, WebRequest request) {
        return respond(HttpStatus.valueOf(e.status()), e.scimType(), e.detail(), new HttpHeaders(), request);
    }

    @ExceptionHandler(ReservedPrincipalRefused.class)
    ResponseEntity<Object> reservedPrincipal(ReservedPrincipalRefused e, WebRequest request) {
        log.warn("refused a request to deprovision {}, one of the suite's own principals; nothing was sent", e.user());
        return respond(HttpStatus.CONFLICT, null, e.getMessage(), new HttpHeaders(), request);
    }

    @ExceptionHandler(CommandRefused.class)
    ResponseEntity<Object> commandRefused(CommandRefused e, WebRequest request) {
        HttpStatus status = HttpStatus.resolve(e.status());
        String detail = "token-command refused to offboard the user" + (e.detail() == null ? "" : ": " + e.detail());
        return respond(status == null ? HttpStatus.BAD_REQUEST : status, null, detail, new HttpHeaders(), request);
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
        return respond(HttpStatus.SERVICE_UNAVAILABLE, null,
                "token-command cannot take the request now; nothing was changed, retry later", headers, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        log.error("unexpected error", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, null, "the request could not be completed",
                new HttpHeaders(), request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        String detail = body instanceof ProblemDetail problem && problem.getDetail() != null
                ? problem.getDetail() : HttpStatus.valueOf(statusCode.value()).getReasonPhrase();
        return respond(HttpStatus.valueOf(statusCode.value()), null, detail, headers, request);
    }

    private static ResponseEntity<Object> respond(HttpStatus status, String scimType, String detail,
                                                  HttpHeaders headers, WebRequest request) {
        HttpHeaders out = new HttpHeaders();
        out.putAll(headers);
        if (isScim(request)) {
            out.setContentType(MediaType.parseMediaType(ScimError.MEDIA_TYPE));
            return new ResponseEntity<>(ScimError.of(status.value(), scimType, detail), out, status);
        }
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(ErrorResponses.problem(status, slug(status), detail), out, status);
    }

    private static boolean isScim(WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            HttpServletRequest http = servlet.getRequest();
            return ErrorResponses.isScim(http);
        }
        return false;
    }

    static String slug(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> "unauthenticated";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case CONFLICT -> "conflict";
            case PAYLOAD_TOO_LARGE -> "payload-too-large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> status.is5xxServerError() ? "internal" : "invalid-request";
        };
    }
}
