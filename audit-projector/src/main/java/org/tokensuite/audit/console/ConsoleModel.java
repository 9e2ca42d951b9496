package org.tokensuite.audit.console;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;
import org.tokensuite.audit.web.InvalidRequest;

/**
 * What every console page has (the viewer, for the header) and how console pages fail: as a page of the
 * console saying what was wrong with the input (400), or that the log cannot be read now (503), never
 * the API's problem+json and never internals. Ahead of the API's advice, for the console's controllers only.
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsoleModel {

    private static final Logger log = LoggerFactory.getLogger(ConsoleModel.class);

    @ModelAttribute("viewer")
    public ConsoleViewer viewer(HttpServletRequest request) {
        return ConsoleViewer.of(request);
    }

    @ExceptionHandler(InvalidRequest.class)
    public ModelAndView invalid(InvalidRequest e, HttpServletRequest request) {
        return page(request, HttpStatus.BAD_REQUEST, "That search cannot be run", e.getMessage());
    }

    @ExceptionHandler({DataAccessException.class, CannotCreateTransactionException.class})
    public ModelAndView unavailable(RuntimeException e, HttpServletRequest request) {
        log.warn("console page could not read the audit log: {}", e.getClass().getSimpleName());
        return page(request, HttpStatus.SERVICE_UNAVAILABLE, "The audit log cannot be read right now",
                "Try again in a moment.");
    }

    private static ModelAndView page(HttpServletRequest request, HttpStatus status, String title, String message) {
        ModelAndView page = new ModelAndView("console/problem", status);
        page.addObject("viewer", ConsoleViewer.of(request));
        page.addObject("title", title);
        page.addObject("message", message);
        return page;
    }
}
