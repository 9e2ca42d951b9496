package org.tokensuite.lifecycle.listener;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The HR event ids already applied; a second delivery of one of them has no effect. */
@Repository
public class ProcessedEvents {

    private final JdbcTemplate jdbc;

    public ProcessedEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean contains(String eventId) {
        Boolean found = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM processed_event WHERE id = ?)",
                Boolean.class, eventId);
        return Boolean.TRUE.equals(found);
    }

    public void record(CloudEvent event) {
        // every value here passed CloudEventReader's free-text rule (no control characters, bounded)
        jdbc.update("INSERT INTO processed_event (id, type, subject, source, processed_at) VALUES (?, ?, ?, ?, now()) "
                + "ON CONFLICT (id) DO NOTHING", event.id(), event.type(), event.subject().value(), event.source());
    }
}
