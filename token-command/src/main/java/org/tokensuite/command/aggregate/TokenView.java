package org.tokensuite.command.aggregate;

import org.tokensuite.api.value.TokenState;

import java.time.Instant;
import java.util.List;

/** What a command handler tells its caller about a token: never its secret or hash. */
public record TokenView(
        String tokenId,
        String ownerId,
        String name,
        List<String> scopes,
        TokenState state,
        String hint,
        Instant issuedAt,
        Instant notBefore,
        Instant expiresAt) {
}
