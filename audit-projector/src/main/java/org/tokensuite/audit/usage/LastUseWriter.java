package org.tokensuite.audit.usage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Merges a usage summary into token_last_use, inside the usage processor's transaction. Order
 * does not matter for the last use (the later instant wins, with its source address); uses add
 * up. The same summary delivered twice in a row (same event id) is not counted again.
 */
@Repository
public class LastUseWriter {

    private final JdbcTemplate jdbc;

    public LastUseWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** False when this summary was the last one applied to the token (a redelivery). */
    public boolean apply(LastUse summary, String eventId) {
        int changed = jdbc.update("INSERT INTO token_last_use AS t (token_id, owner_id, last_used_at,"
                        + " last_source_address, uses_total, last_event_id) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (token_id) DO UPDATE SET"
                        + " owner_id = COALESCE(excluded.owner_id, t.owner_id),"
                        + " last_source_address = CASE WHEN excluded.last_used_at >= t.last_used_at"
                        + "   THEN excluded.last_source_address ELSE t.last_source_address END,"
                        + " last_used_at = GREATEST(t.last_used_at, excluded.last_used_at),"
                        // Saturates instead of overflowing: an absurd count must not stop the projector.
                        + " uses_total = CASE WHEN t.uses_total > 9223372036854775807 - excluded.uses_total"
                        + "   THEN 9223372036854775807 ELSE t.uses_total + excluded.uses_total END,"
                        + " last_event_id = excluded.last_event_id,"
                        + " updated_at = now()"
                        + " WHERE t.last_event_id <> excluded.last_event_id",
                summary.tokenId(), summary.ownerId(), OffsetDateTime.ofInstant(summary.lastUsedAt(), ZoneOffset.UTC),
                summary.lastSourceAddress(), summary.usesTotal(), eventId);
        return changed == 1;
    }
}
