package org.tokensuite.command.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.tokensuite.command.aggregate.TokenView;

import java.time.Instant;
import java.util.List;

/** Response bodies. The secret appears only in {@link Issued} and {@link Rotated}, shown this once. */
public final class TokenResponses {

    private TokenResponses() {
    }

    public record Issued(String tokenId, String token, String ownerId, List<String> scopes, Instant expiresAt) {
    }

    /**
     * A revocation's answer: the token as the command left it, and with {@code descendants: true} the tokens revoked
     * with it ({@code descendantsRevoked}; absent otherwise).
     */
    public record Revoked(@JsonUnwrapped TokenView token,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<String> descendantsRevoked) {
    }

    public record Rotated(String tokenId, String token, Instant expiresAt, Instant previousValidUntil) {
    }

    /**
     * {@code state} is {@code active}, {@code on_leave} or {@code offboarded}; {@code orphanedServiceAccounts}: the
     * accounts an offboarding orphaned (empty for every other change).
     */
    public record UserStanding(String userId, String state, int affectedTokens, List<String> orphanedServiceAccounts) {

        public UserStanding(String userId, String state, int affectedTokens) {
            this(userId, state, affectedTokens, List.of());
        }

        UserStanding orphaning(List<String> accounts) {
            return new UserStanding(userId, state, affectedTokens, List.copyOf(accounts));
        }
    }

    /** A catalogue system as it stands after the call; {@code changed}: whether the call recorded an event. */
    public record CatalogueSystem(String system, String description, java.util.SortedMap<String, String> actions,
                                   List<String> retiredActions, boolean changed) {
    }
}
