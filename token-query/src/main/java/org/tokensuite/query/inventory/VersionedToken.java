package org.tokensuite.query.inventory;

/**
 * A token of the view with its version: the aggregate sequence number of the token's newest event the
 * view has seen (token-command answers each command with the version after it); null for a row written
 * from an event without one.
 */
public record VersionedToken(TokenSummary summary, Long version) {

    public boolean reached(long wanted) {
        return version != null && version >= wanted;
    }
}
