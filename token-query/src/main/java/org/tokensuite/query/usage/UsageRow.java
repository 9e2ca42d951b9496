package org.tokensuite.query.usage;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One token's usage in one flush window, as written to the database and summarised on the topic.
 *
 * @param minute        the minute the window's uses are counted in (the window's start, truncated)
 * @param heldChecked   held scopes that covered a scope a caller said it checked → when last
 * @param scopesChecked the (valid) scopes callers said they were checking
 */
record UsageRow(String tokenId, String ownerId, long uses, Instant lastUsedAt, String lastSource, Instant minute,
                Map<String, Instant> heldChecked, Set<String> scopesChecked) {
}
