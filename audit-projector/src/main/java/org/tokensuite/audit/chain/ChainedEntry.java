package org.tokensuite.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * What one audit entry's hash covers, in chain order. {@code occurredAt} is held at microsecond
 * precision (PostgreSQL's), so the value read back hashes the same as the value written.
 */
public record ChainedEntry(
        long seq,
        String eventId,
        String type,
        String tokenId,
        String ownerId,
        String actorId,
        String actorOwner,
        String causeReason,
        String correlationId,
        Instant occurredAt,
        JsonNode payload,
        String prevHash) {
}
