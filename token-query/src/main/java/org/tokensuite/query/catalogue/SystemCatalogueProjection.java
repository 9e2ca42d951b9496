package org.tokensuite.query.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.SystemChanged;
import org.tokensuite.api.event.SystemRegistered;
import org.tokensuite.platform.event.EventWireFormat;
import org.tokensuite.query.projection.StoredText;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The scope catalogue's view: one row per system, from {@code SystemRegistered} / {@code SystemChanged} on
 * {@code token-events} (each carries the whole definition, so a row is replaced, never patched). Runs in its
 * own pooled processor ({@value #GROUP}); a row keeps the aggregate sequence number of its newest event, so
 * a re-published or late older event changes nothing. Replayable: the reset handler empties the table.
 */
@Component
@ProcessingGroup(SystemCatalogueProjection.GROUP)
public class SystemCatalogueProjection {

    public static final String GROUP = "system-catalogue";

    private static final ObjectMapper JSON = EventWireFormat.objectMapper();

    private final JdbcTemplate jdbc;

    public SystemCatalogueProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    public void on(SystemRegistered event, @SequenceNumber Long sequence) {
        upsert(event.system().value(), event.description(), event.actions(), List.of(), event.occurredAt(), null, sequence);
    }

    @EventHandler
    public void on(SystemChanged event, @SequenceNumber Long sequence) {
        upsert(event.system().value(), event.description(), event.actions(), event.retiredActions(), null,
                event.occurredAt(), sequence);
    }

    @ResetHandler
    public void reset() {
        jdbc.execute("TRUNCATE systems");
    }

    private void upsert(String system, String description, Map<String, String> actions, Collection<String> retired,
                        Instant registeredAt, Instant changedAt, Long sequence) {
        jdbc.update("""
                INSERT INTO systems (system, description, actions, retired_actions, registered_at, changed_at,
                                     last_sequence, updated_at)
                VALUES (?, ?, ?, CAST(? AS text[]), ?, ?, ?, now())
                ON CONFLICT ((md5(system))) DO UPDATE SET description = EXCLUDED.description, actions = EXCLUDED.actions,
                    retired_actions = EXCLUDED.retired_actions,
                    registered_at = COALESCE(systems.registered_at, EXCLUDED.registered_at),
                    changed_at = COALESCE(EXCLUDED.changed_at, systems.changed_at),
                    last_sequence = EXCLUDED.last_sequence, updated_at = now()
                WHERE systems.last_sequence IS NULL OR EXCLUDED.last_sequence IS NULL
                   OR systems.last_sequence < EXCLUDED.last_sequence""",
                StoredText.encode(system), StoredText.encode(description), StoredText.encode(json(actions)),
                StoredText.array(retired == null ? List.of() : List.copyOf(retired)), ts(registeredAt), ts(changedAt),
                sequence);
    }

    private static String json(Map<String, String> actions) {
        try {
            return JSON.writeValueAsString(actions == null ? Map.of() : actions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("actions are not writable as JSON", e);
        }
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
