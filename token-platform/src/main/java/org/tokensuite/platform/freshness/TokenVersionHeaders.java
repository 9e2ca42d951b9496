package org.tokensuite.platform.freshness;

/**
 * The read-your-writes headers, named and read one way in every service: token-command answers a token command with
 * the token's version ({@value #TOKEN_VERSION}); a read of the views sends it back as {@value #NOT_OLDER_THAN}.
 */
public final class TokenVersionHeaders {

    /** The token's version: the sequence number of its newest event (a command's answer, a read's answer). */
    public static final String TOKEN_VERSION = "X-Token-Version";
    /** The version of the token a read must not be older than. */
    public static final String NOT_OLDER_THAN = "X-Not-Older-Than";

    private TokenVersionHeaders() {
    }

    /**
     * The version a {@value #NOT_OLDER_THAN} header gives: digits only (no sign, no spaces), at most 18 of them so it
     * fits a long; {@link IllegalArgumentException} with a message fit for the caller otherwise.
     */
    public static long notOlderThan(String value) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(NOT_OLDER_THAN + " must be a token version: a non-negative integer");
        }
        return Long.parseLong(value);
    }
}
