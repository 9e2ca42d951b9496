package org.tokensuite.command.web;

import org.springframework.stereotype.Component;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.command.policy.ReachPolicy;
import org.tokensuite.command.user.TokenLineage;
import org.tokensuite.platform.security.Caller;

/**
 * Applies {@link ReachPolicy} to a request: a token out of the caller's reach answers 404 exactly
 * like an unknown id, so a caller cannot even learn which ids exist.
 */
@Component
class TokenReach {

    private final TokenLineage lineage;
    private final ReachPolicy policy;

    TokenReach(TokenLineage lineage, ReachPolicy policy) {
        this.lineage = lineage;
        this.policy = policy;
    }

    void require(Caller caller, TokenId token) {
        // An administrator reaches every token: where this one stands does not matter, and whether it exists the
        // command finds out itself (the same 404), so the look-up would be a round trip for nothing.
        if (policy.reachesEveryToken(caller.scopes())) {
            return;
        }
        if (!reaches(caller, token)) {
            throw new TokenIdNotFound(token.value());
        }
    }

    boolean reaches(Caller caller, TokenId token) {
        return lineage.placement(token, caller.tokenId())
                .map(placement -> policy.reaches(caller.ownerId(), caller.scopes(), placement))
                .orElse(false);
    }
}
