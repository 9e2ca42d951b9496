package org.tokensuite.api.query;

import java.time.Instant;

/** Audit entries after {@code afterSeq} (the cursor), filtered; null filters match all. */
public record FindAuditEntries(String tokenId, String ownerId, String type, Instant from, Instant to,
                               long afterSeq, int limit) {
}
