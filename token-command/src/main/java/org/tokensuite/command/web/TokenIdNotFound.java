package org.tokensuite.command.web;

/** A path names no token (not even a well-formed id): 404. */
public class TokenIdNotFound extends RuntimeException {

    public TokenIdNotFound() {
        super("no such token", null, false, false);
    }
}
