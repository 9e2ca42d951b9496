package org.tokensuite.platform.security.servlet;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Lets a refusal raised inside a controller (a {@code @PreAuthorize} that does not hold) reach Spring
 * Security's handlers (403/401 with the challenge) instead of a service's catch-all exception handler,
 * which would make it a 500. Rethrowing from the first matching handler leaves it unresolved for MVC.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityExceptionPassThrough {

    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void rethrow(RuntimeException refusal) {
        throw refusal;
    }
}
