package org.tokensuite.command.aggregate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import org.tokensuite.api.value.TokenState;

import java.time.Instant;
import java.util.List;

/**
 * What a command handler tells its caller about a token: never its secret or hash. {@code version} is the
 * sequence number of the token's newest event once the command is applied (the answer's {@code X-Token-Version}
 * header, not part of the body).
 */
public record TokenView(
        String tokenId,
        String ownerId,
        String name,
        List<String> scopes,
        TokenState state,
        String hint,
        Instant issuedAt,
        Instant notBefore,
        Instant expiresAt,
        @JsonIgnore @Schema(hidden = true) long version) {
}
