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
        if (!reaches(caller, token)) {
            throw new TokenIdNotFound(token.value());
        }
    }

    /**
     * Whether {@code token} exists within the caller's reach; for an administrator, whether it would be if it
     * exists: its reach is every token, so where this one stands is not looked up (a round trip for nothing), and a
     * command on an unknown id finds out itself and answers the same 404.
     */
    boolean reaches(Caller caller, TokenId token) {
        if (policy.reachesEveryToken(caller.scopes())) {
            return true;
        }
        return lineage.placement(token, caller.tokenId())
                .map(placement -> policy.reaches(caller.ownerId(), caller.scopes(), placement))
                .orElse(false);
    }
}
