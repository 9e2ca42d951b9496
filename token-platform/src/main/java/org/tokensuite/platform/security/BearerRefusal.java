package org.tokensuite.platform.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;

/**
 * Why a presented bearer token was not accepted, with the status and RFC 6750 challenge to answer:
 * not active (401 {@code invalid_token}), a superseded secret on a call that changes something (401
 * {@code invalid_token}, saying why), or verification unavailable (503: fail closed). Deliberately not an
 * {@code AuthenticationServiceException}, which Spring Security would rethrow as a 500.
 * The detail is for people and never holds the token.
 */
public final class BearerRefusal extends AuthenticationException {

    public static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";
    public static final String SUPERSEDED_CHALLENGE =
            "Bearer error=\"invalid_token\", error_description=\"the secret was superseded by a rotation\"";
    public static final String UNAVAILABLE_DETAIL = "token verification is unavailable; try again shortly";

    private final HttpStatus status;
    private final String challenge;

    private BearerRefusal(HttpStatus status, String challenge, String detail) {
        super(detail);
        this.status = status;
        this.challenge = challenge;
    }

    public static BearerRefusal inactive() {
        return new BearerRefusal(HttpStatus.UNAUTHORIZED, INVALID_TOKEN, "the bearer token is not active");
    }

    /** A secret replaced by a rotation, still in its overlap: it may read (GET, HEAD), nothing else. */
    public static BearerRefusal superseded() {
        return new BearerRefusal(HttpStatus.UNAUTHORIZED, SUPERSEDED_CHALLENGE,
                "the secret was superseded by a rotation: it may still read, but only the current secret may change anything");
    }

    public static BearerRefusal unavailable(String detail) {
        return new BearerRefusal(HttpStatus.SERVICE_UNAVAILABLE, null,
                detail == null || detail.isBlank() ? UNAVAILABLE_DETAIL : detail);
    }

    public HttpStatus status() {
        return status;
    }

    /** The WWW-Authenticate value, or null (503). */
    public String challenge() {
        return challenge;
    }
}
