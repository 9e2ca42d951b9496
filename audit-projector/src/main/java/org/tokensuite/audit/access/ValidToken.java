package org.tokensuite.audit.access;

import java.time.Instant;
import java.util.List;

/**
 * A token that verified at the instant asked about: its scopes then, its validity window, the
 * hints of the secrets that verified then (the current one and, within a rotation's overlap,
 * the previous one), and its last issue/rotation time.
 */
public record ValidToken(
        String tokenId,
        String ownerId,
        String name,
        List<String> scopes,
        Instant validFrom,
        Instant expiresAt,
        List<String> hints,
        Instant issuedAt,
        Instant lastRotatedAt) {
}
