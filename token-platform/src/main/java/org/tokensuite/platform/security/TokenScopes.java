package org.tokensuite.platform.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.tokensuite.api.value.Scope;

import java.util.function.Supplier;

/**
 * Scope rules with the suite's meaning of "holds": a held scope covers the one wanted when it is the
 * same, its system's {@code *} (e.g. {@code reports:*}), or {@code tokens:admin}. Use
 * {@code .access(TokenScopes.has("reports:read"))} in request rules; {@code hasAuthority("SCOPE_reports:read")}
 * also works but matches that exact scope only. A refusal names the scope (403 {@code insufficient_scope}).
 */
public final class TokenScopes {

    private TokenScopes() {
    }

    public static <T> AuthorizationManager<T> has(String scope) {
        return has(Scope.of(scope));
    }

    public static <T> AuthorizationManager<T> has(Scope scope) {
        return new AuthorizationManager<>() {
            @Override
            @Deprecated
            public AuthorizationDecision check(Supplier<Authentication> authentication, T object) {
                return new ScopeDecision(holds(authentication.get(), scope), scope);
            }

            @Override
            public String toString() {
                return "TokenScopes.has(" + scope + ")";
            }
        };
    }

    /** Whether an authenticated caller holds {@code wanted}: from its {@link Caller}, else from its SCOPE_ authorities. */
    public static boolean holds(Authentication authentication, Scope wanted) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return false;
        }
        if (authentication.getPrincipal() instanceof Caller caller) {
            return caller.holds(wanted);
        }
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith(Caller.AUTHORITY_PREFIX)) {
                String held = name.substring(Caller.AUTHORITY_PREFIX.length());
                if (Scope.isValid(held) && Scope.of(held).covers(wanted)) {
                    return true;
                }
            }
        }
        return false;
    }
}
