package org.tokensuite.command.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.tokensuite.api.auth.Caller;
import org.tokensuite.api.value.Scope;

/** The authenticated caller of the current request, as the authentication filter left it. */
public final class Callers {

    static final String ATTRIBUTE = Callers.class.getName() + ".caller";

    private Callers() {
    }

    public static Caller current(HttpServletRequest request) {
        Object caller = request.getAttribute(ATTRIBUTE);
        if (!(caller instanceof Caller c)) {
            // The filter guards every endpoint; reaching here unauthenticated is a wiring fault.
            throw new CallerNotAuthenticated();
        }
        return c;
    }

    /** The caller, provided it holds {@code scope}; otherwise 403. */
    public static Caller requireScope(HttpServletRequest request, Scope scope) {
        Caller caller = current(request);
        if (!caller.holds(scope)) {
            throw new CallerForbidden("this call needs scope " + scope.value());
        }
        return caller;
    }
}
