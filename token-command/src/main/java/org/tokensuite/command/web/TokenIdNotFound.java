package org.tokensuite.command.web;

/**
 * A path names no token the caller may see: malformed, unknown, or out of the caller's reach.
 * All three answer the same 404, so ids cannot be probed.
 */
public class TokenIdNotFound extends RuntimeException {

    public TokenIdNotFound() {
        super("no such token", null, false, false);
    }

    public TokenIdNotFound(String tokenId) {
        super("no such token: " + tokenId, null, false, false);
    }
}
