package org.tokensuite.audit.web;

/** A request parameter that cannot be understood; becomes a 400 problem naming it. */
public class InvalidRequest extends RuntimeException {

    public InvalidRequest(String detail) {
        super(detail, null, false, false);
    }
}
