package org.tokensuite.audit.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tokensuite.audit.views.ConsoleView;
import org.tokensuite.audit.views.ConsoleViews;

import java.io.IOException;

/**
 * Records every page (or export) a signed-in auditor asks for, before its data is read: who (token id,
 * owner, address), which path and query. A view that cannot be recorded is not shown (503).
 * Sign-in and sign-out are recorded by their controller.
 */
final class ViewRecording extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ViewRecording.class);

    private final ConsoleViews views;

    ViewRecording(ConsoleViews views) {
        this.views = views;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ConsoleViewer viewer = ConsoleViewer.of(request);
        // HEAD runs the page too (only its body is dropped): it is a view like GET.
        if (viewer == null || !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        try {
            views.record(viewer.tokenId(), viewer.ownerId(), viewer.clientAddress(), ConsoleView.VIEW,
                    request.getRequestURI().substring(request.getContextPath().length()), request.getQueryString());
        } catch (DataAccessException e) {
            log.warn("a console view could not be recorded: {}", e.getClass().getSimpleName());
            RefusalPages.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Not recorded, not shown",
                    "This view could not be recorded in the audit database, so it is not shown. Try again later.");
            return;
        }
        chain.doFilter(request, response);
    }
}
