package org.tokensuite.audit.console;

import jakarta.servlet.http.HttpServletRequest;

/** Who is looking, as checked for this request: the signed-in token's id and owner, and the client's address. */
public record ConsoleViewer(String tokenId, String ownerId, String clientAddress) {

    static final String ATTRIBUTE = ConsoleViewer.class.getName();

    static ConsoleViewer of(HttpServletRequest request) {
        return (ConsoleViewer) request.getAttribute(ATTRIBUTE);
    }
}
