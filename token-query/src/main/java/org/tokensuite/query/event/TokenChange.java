package org.tokensuite.query.event;

import java.time.Instant;
import java.util.List;

/**
 * One event of the topic as token-query reads it: the union of the token-api events' fields that
 * matter to the view and the index, each null when the event type has no such field. Scopes,
 * hashes and networks stay strings here: the index turns a hash into four longs and interns
 * scope sets itself, so building token-api's value objects for each event first would only
 * cost a rebuild time (see {@link TokenChangeReader} for why the read side is tolerant).
 *
 * @param ownerId the token's owner, or for user-wide events the user
 */
public record TokenChange(
        ChangeType type,
        String tokenId,
        String ownerId,
        String name,
        List<String> scopes,
        String secretHash,
        String hint,
        Instant notBefore,
        Instant expiresAt,
        List<String> allowedCidrs,
        String rotationEvery,
        String rotationOverlap,
        String previousSecretHash,
        Instant previousValidUntil,
        Instant nextRotationDue,
        Instant dueAt,
        Instant expiresUnlessRotatedBy,
        Instant occurredAt) {
}
