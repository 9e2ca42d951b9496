package org.tokensuite.audit.projection;

import com.fasterxml.jackson.databind.JsonNode;

/** One audit entry as auditors read it (times as the chain hashes them: UTC, microseconds). */
public record AuditEntry(
        long seq,
        String eventId,
        String type,
        String tokenId,
        String ownerId,
        Actor actor,
        Cause cause,
        String occurredAt,
        String recordedAt,
        JsonNode payload,
        String prevHash,
        String hash) {

    public record Actor(String id, String ownerId) {
    }

    public record Cause(String reason, String correlationId) {
    }
}
