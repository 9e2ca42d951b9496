package org.tokensuite.audit.views;

import java.time.Instant;

/**
 * One thing an auditor did in the console: {@code action} is {@code view} (a page or an export, with the
 * path and query asked for), {@code sign-in} or {@code sign-out}; the viewer is the token that signed in
 * (its id and owner, never its secret) and the address it came from.
 */
public record ConsoleView(long id, Instant viewedAt, String viewerTokenId, String viewerOwnerId, String clientAddress,
                          String action, String path, String query) {

    public static final String VIEW = "view";
    public static final String SIGN_IN = "sign-in";
    public static final String SIGN_OUT = "sign-out";
}
