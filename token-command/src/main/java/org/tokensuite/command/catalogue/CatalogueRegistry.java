package org.tokensuite.command.catalogue;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.SystemChanged;
import org.tokensuite.api.event.SystemRegistered;

import java.sql.Timestamp;
import java.util.Collection;

/**
 * Keeps {@code scope_systems} in step with the event store. A subscribing processor: it runs inside the
 * transaction that appends the system's event, so the row and the event commit together (a failure here
 * rolls the command back), and every instance on the database reads the same catalogue.
 */
@Component
@ProcessingGroup(CatalogueRegistry.PROCESSING_GROUP)
public class CatalogueRegistry {

    public static final String PROCESSING_GROUP = "scope-catalogue";

    private final JdbcTemplate jdbc;

    public CatalogueRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SystemRegistered event) {
        upsert(event.system().value(), event.actions().keySet(), java.util.List.of(), event.occurredAt());
    }

    @EventHandler
    void on(SystemChanged event) {
        upsert(event.system().value(), event.actions().keySet(), event.retiredActions(), event.occurredAt());
    }

    private void upsert(String system, Collection<String> actions, Collection<String> retired, java.time.Instant at) {
        jdbc.update("""
                INSERT INTO scope_systems (system, actions, retired_actions, updated_at)
                VALUES (?, CAST(? AS text[]), CAST(? AS text[]), ?)
                ON CONFLICT (system) DO UPDATE SET actions = EXCLUDED.actions,
                    retired_actions = EXCLUDED.retired_actions, updated_at = EXCLUDED.updated_at""",
                system, actions.toArray(String[]::new), retired.toArray(String[]::new), Timestamp.from(at));
    }
}
