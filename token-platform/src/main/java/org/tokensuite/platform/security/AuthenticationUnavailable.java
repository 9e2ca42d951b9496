package org.tokensuite.platform.security;

/** The verifier could not answer; callers must fail closed (503), never let the request through. */
public class AuthenticationUnavailable extends RuntimeException {

    public AuthenticationUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
