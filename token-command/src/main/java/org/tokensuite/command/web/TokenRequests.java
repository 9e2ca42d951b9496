package org.tokensuite.command.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Bodies of the token endpoints. Unknown fields are refused (spring.jackson fail-on-unknown-properties). */
public final class TokenRequests {

    private TokenRequests() {
    }

    public record Issue(String ownerId, String name, List<String> scopes, Duration ttl, Instant expiresAt,
                        Instant notBefore, List<String> allowedCidrs, Rotation rotation, String reason) {
    }

    public record Rotation(Duration every, Duration overlap) {
    }

    public record ChangeScopes(List<String> scopes, String reason) {
    }

    public record Rotate(Duration overlap, String reason) {
    }

    /** {@code descendants: true} also revokes every token it issued, transitively (a compromised issuer). */
    public record Revoke(String reason, Boolean descendants) {

        boolean withDescendants() {
            return Boolean.TRUE.equals(descendants);
        }
    }

    /** Suspending or reinstating one token (an operator investigating an anomaly). */
    public record Hold(String reason) {
    }

    /** A catalogue system's whole definition: what it is, and each action with what it allows. */
    public record SystemDefinition(String description, java.util.Map<String, String> actions, String reason) {
    }

    /** For the user endpoints; lifecycle-listener sends {@code correlationId: "hr:<event id>"}. */
    public record UserAction(String reason, String correlationId) {
    }

    /** {@code team} and {@code reason} are optional. */
    public record ServiceAccountDefinition(String description, String sponsor, String team, String reason) {
    }
}
