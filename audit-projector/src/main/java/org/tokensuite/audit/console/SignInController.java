package org.tokensuite.audit.console;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.DataAccessException;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.tokensuite.audit.views.ConsoleView;
import org.tokensuite.audit.views.ConsoleViews;
import org.tokensuite.audit.web.AuditAccess;
import org.tokensuite.platform.security.Caller;
import org.tokensuite.platform.security.servlet.ClientAddresses;

import java.util.Map;
import java.util.Optional;

/**
 * Sign-in with a suite token holding {@code audit:read} (form post; the token is introspected like any
 * API caller's and kept on the server only) and sign-out. A token that is not active, or lacks
 * {@code audit:read}, gets the sign-in page again with the reason (401 / 403) and no session.
 */
@Hidden
@Controller
public class SignInController {

    /** Why a session ended, by the fixed key the gate redirects with (never text from the request). */
    private static final Map<String, String> ENDED = Map.of(
            "inactive", "Your session ended: the token you signed in with is no longer valid (revoked, expired or suspended).",
            "scope", "Your session ended: the token you signed in with no longer holds audit:read.",
            "expired", "Your session has expired. Please sign in again.",
            "signed-out", "You have signed out.");

    private final ConsoleSessions sessions;
    private final OpaqueTokenIntrospector introspector;
    private final ConsoleViews views;
    private final ClientAddresses addresses;

    public SignInController(ConsoleSessions sessions, OpaqueTokenIntrospector introspector, ConsoleViews views,
                            ClientAddresses addresses) {
        this.sessions = sessions;
        this.introspector = introspector;
        this.views = views;
        this.addresses = addresses;
    }

    @GetMapping("/console")
    public String console() {
        return "redirect:/console/events";
    }

    @GetMapping(ConsoleGate.SIGN_IN)
    public String signInPage(@RequestParam(required = false) String ended, Model model) {
        if (ended != null && ENDED.containsKey(ended)) {
            model.addAttribute("notice", ENDED.get(ended));
        }
        return "console/sign-in";
    }

    @PostMapping(ConsoleGate.SIGN_IN)
    public String signIn(@RequestParam(required = false) String token, HttpServletRequest request,
                         HttpServletResponse response, Model model) {
        // A session already held by this browser ends first: a new sign-in never continues an old session.
        String previous = ConsoleCookies.sessionId(request);
        if (previous != null) {
            sessions.end(previous);
            ConsoleCookies.clear(request, response);
        }
        String presented = token == null ? "" : token.trim();
        OAuth2AuthenticatedPrincipal principal;
        try {
            principal = introspector.introspect(presented);
        } catch (BadOpaqueTokenException e) {
            return refused(response, model, HttpServletResponse.SC_UNAUTHORIZED,
                    "That is not an active token of this suite. Paste the whole token (it starts with tkn_).");
        } catch (OAuth2IntrospectionException e) {
            return refused(response, model, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "Tokens cannot be verified right now. Try again in a moment.");
        }
        if (!(principal instanceof Caller caller)) {
            return refused(response, model, HttpServletResponse.SC_UNAUTHORIZED, "That is not an active token of this suite.");
        }
        if (!caller.holds(AuditAccess.AUDIT_READ)) {
            return refused(response, model, HttpServletResponse.SC_FORBIDDEN,
                    "This token does not hold audit:read, so it cannot open the audit console.");
        }
        Optional<ConsoleSession> session = sessions.begin(presented, caller.tokenId().value(), caller.ownerId().value());
        if (session.isEmpty()) {
            return refused(response, model, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "The console has too many open sessions right now. Try again later.");
        }
        try {
            views.record(caller.tokenId().value(), caller.ownerId().value(), addresses.of(request), ConsoleView.SIGN_IN,
                    ConsoleGate.SIGN_IN, null);
        } catch (DataAccessException e) {
            // A sign-in that cannot be recorded does not happen.
            sessions.end(session.get().id());
            return refused(response, model, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "The audit database cannot record a sign-in right now. Try again later.");
        }
        ConsoleCookies.set(request, response, session.get().id());
        return "redirect:/console/events";
    }

    @PostMapping("/console/sign-out")
    public String signOut(HttpServletRequest request, HttpServletResponse response) {
        ConsoleViewer viewer = ConsoleViewer.of(request);
        views.record(viewer.tokenId(), viewer.ownerId(), viewer.clientAddress(), ConsoleView.SIGN_OUT,
                "/console/sign-out", null);
        sessions.end(ConsoleCookies.sessionId(request));
        ConsoleCookies.clear(request, response);
        return "redirect:/console/sign-in?ended=signed-out";
    }

    private static String refused(HttpServletResponse response, Model model, int status, String error) {
        response.setStatus(status);
        model.addAttribute("error", error);
        return "console/sign-in";
    }
}
