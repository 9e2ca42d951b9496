package org.tokensuite.audit.web;

import java.util.List;

/** Who called: the presented token's id, its owner and its scopes (as introspection reported them). */
public record AuditCaller(String tokenId, String ownerId, List<String> scopes) {
}
