package org.tokensuite.query.inventory;

import org.tokensuite.api.value.TokenState;

import java.time.Instant;
import java.util.List;

/** What anyone with {@code tokens:read} may see of a token: never its secret or hash. */
public record TokenSummary(
        String tokenId,
        String ownerId,
        String name,
        List<String> scopes,
        TokenState state,
        String hint,
        Instant issuedAt,
        Instant notBefore,
        Instant expiresAt,
        Instant lastRotatedAt,
        Instant revokedAt,
        Instant lastUsedAt,
        List<String> allowedCidrs) {
}
