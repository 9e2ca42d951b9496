package org.tokensuite.query.inventory;

import java.time.Instant;
import java.util.List;

/**
 * Least-privilege advice for one token: of the scopes it holds, which were checked by a caller in
 * the last {@code days} days and which were not (candidates to remove).
 *
 * @param observedSince when the first scope check of this token was recorded, or null if never:
 *                      then nothing can be told apart and every held scope is listed as unused
 * @param basis         what the advice rests on, in words
 */
public record ScopeAdvice(String tokenId, int days, List<String> unusedScopes, List<UsedScope> usedScopes,
                          Instant observedSince, String basis) {

    public record UsedScope(String scope, Instant lastCheckedAt) {
    }
}
