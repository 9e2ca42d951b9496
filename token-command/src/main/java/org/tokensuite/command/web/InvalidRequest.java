package org.tokensuite.command.web;

/** The request itself is malformed or inconsistent: 400 with a precise detail. */
public class InvalidRequest extends RuntimeException {

    public InvalidRequest(String detail) {
        super(detail, null, false, false);
    }
}
