package org.tokensuite.audit.projection;

import java.time.Instant;

/** Which entries a reader wants; null fields match everything. {@code from} inclusive, {@code to} exclusive. */
public record EntryFilter(String tokenId, String ownerId, String type, Instant from, Instant to) {

    public static final EntryFilter ALL = new EntryFilter(null, null, null, null, null);
}
