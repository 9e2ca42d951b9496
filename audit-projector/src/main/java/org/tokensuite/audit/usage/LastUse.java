package org.tokensuite.audit.usage;

import java.time.Instant;

/** What the usage summaries say about one token so far: its latest use, from where, and how many uses in all. */
public record LastUse(String tokenId, String ownerId, Instant lastUsedAt, String lastSourceAddress, long usesTotal) {
}
