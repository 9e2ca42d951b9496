package org.tokensuite.platform.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.tokensuite.api.value.Scope;
import org.tokensuite.platform.problem.Problems;

import java.util.function.BiConsumer;

/**
 * What the suite answers when it does not let a request through, the same for every service and both
 * web stacks: 401 with {@code WWW-Authenticate: Bearer} when no token was presented, 401
 * {@code Bearer error="invalid_token"} when it is not active (or a superseded secret tries a change),
 * 403 {@code Bearer error="insufficient_scope"} naming the scope, 503 (with {@code Retry-After}) when
 * verification is unavailable. The body is an RFC 9457 problem from {@link Problems}.
 */
public record Refusal(HttpStatus status, String challenge, String detail) {

    public static final String MISSING_DETAIL = "a bearer token of this suite is required";
    /** Seconds a client should wait before retrying after a 503. */
    static final String RETRY_AFTER_SECONDS = "5";

    public static Refusal of(AuthenticationException failure) {
        if (failure instanceof BearerRefusal refusal) {
            return new Refusal(refusal.status(), refusal.challenge(), refusal.getMessage());
        }
        // No bearer token at all (anonymous), or a credential of another scheme.
        return new Refusal(HttpStatus.UNAUTHORIZED, "Bearer", MISSING_DETAIL);
    }

    public static Refusal of(AccessDeniedException denial) {
        if (denial instanceof AuthorizationDeniedException denied && denied.getAuthorizationResult() instanceof ScopeDecision decision) {
            return insufficientScope(decision.scope());
        }
        return new Refusal(HttpStatus.FORBIDDEN, "Bearer error=\"insufficient_scope\"",
                "this token's scopes do not allow this call");
    }

    /** 403 naming the scope the call needs. */
    public static Refusal insufficientScope(Scope scope) {
        return new Refusal(HttpStatus.FORBIDDEN, "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"",
                "this call needs the scope " + scope);
    }

    public ProblemDetail problem() {
        return Problems.of(status, detail);
    }

    /** The challenge (401, 403) or Retry-After (503) headers, given to {@code header} as name and value. */
    public void headers(BiConsumer<String, String> header) {
        if (challenge != null) {
            header.accept(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            header.accept(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
    }
}
