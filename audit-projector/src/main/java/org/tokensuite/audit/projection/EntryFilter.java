package org.tokensuite.audit.projection;

import java.time.Instant;

/**
 * Which entries a reader wants; null fields match everything. {@code from} inclusive, {@code to} exclusive.
 * {@code actorId} is the entry's actor (a token id, or {@code system:<component>}).
 */
public record EntryFilter(String tokenId, String ownerId, String type, String actorId, Instant from, Instant to) {

    public static final EntryFilter ALL = new EntryFilter(null, null, null, null, null, null);

    public EntryFilter(String tokenId, String ownerId, String type, Instant from, Instant to) {
        this(tokenId, ownerId, type, null, from, to);
    }
}
