package org.tokensuite.audit.web;

/** The log has not reached the version a reader asked for within the bound; becomes a 503 problem with Retry-After. */
public class LogBehind extends RuntimeException {

    /** What a client should wait before asking again. */
    static final String RETRY_AFTER_SECONDS = "1";

    public LogBehind(String detail) {
        super(detail, null, false, false);
    }
}
