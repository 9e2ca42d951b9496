package org.tokensuite.command.web;

import java.time.Instant;
import java.util.List;

/** Response bodies. The secret appears only in {@link Issued} and {@link Rotated}, shown this once. */
public final class TokenResponses {

    private TokenResponses() {
    }

    public record Issued(String tokenId, String token, String ownerId, List<String> scopes, Instant expiresAt) {
    }

    public record Rotated(String tokenId, String token, Instant expiresAt, Instant previousValidUntil) {
    }

    /** {@code state} is {@code active}, {@code on_leave} or {@code offboarded}. */
    public record UserStanding(String userId, String state, int affectedTokens) {
    }

    /** A catalogue system as it stands after the call; {@code changed}: whether the call recorded an event. */
    public record CatalogueSystem(String system, String description, java.util.SortedMap<String, String> actions,
                                   List<String> retiredActions, boolean changed) {
    }
}
