package org.tokensuite.query.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.ServiceAccountAdopted;
import org.tokensuite.api.event.ServiceAccountChanged;
import org.tokensuite.api.event.ServiceAccountOrphaned;
import org.tokensuite.api.event.ServiceAccountRegistered;
import org.tokensuite.api.event.ServiceAccountSponsorLost;

import java.sql.Timestamp;

/**
 * The service accounts, their sponsors and standing. In the {@value TokenViewProjection#GROUP} processor, so
 * its rows commit with the token view's and its tracking token (exactly once across crashes) and a replay
 * rebuilds both. A re-published event (same aggregate sequence number) is recognised and skipped.
 */
@Component
@ProcessingGroup(TokenViewProjection.GROUP)
public class ServiceAccountProjection {

    private static final String NEWER = " AND (CAST(? AS bigint) IS NULL OR last_sequence IS NULL OR last_sequence < ?)";

    private final JdbcTemplate jdbc;

    public ServiceAccountProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ServiceAccountRegistered event, EventMessage<?> message) {
        jdbc.update("""
                INSERT INTO service_accounts (account_id, description, team, sponsor, status, registered_at, last_sequence, updated_at)
                VALUES (?, ?, ?, ?, 'sponsored', ?, ?, now()) ON CONFLICT (account_id) DO NOTHING""",
                event.accountId().value(), StoredText.encode(event.description()), StoredText.encode(event.team()),
                event.sponsor().value(), Timestamp.from(event.occurredAt()), sequence(message));
    }

    @EventHandler
    void on(ServiceAccountChanged event, EventMessage<?> message) {
        update(event.accountId().value(), message, "description = ?, team = ?, sponsor = ?",
                StoredText.encode(event.description()), StoredText.encode(event.team()), event.sponsor().value());
    }

    @EventHandler
    void on(ServiceAccountOrphaned event, EventMessage<?> message) {
        update(event.accountId().value(), message, "status = 'orphaned', grace_ends_at = ?", Timestamp.from(event.graceEndsAt()));
    }

    @EventHandler
    void on(ServiceAccountSponsorLost event, EventMessage<?> message) {
        update(event.accountId().value(), message, "status = 'sponsor_lost'");
    }

    @EventHandler
    void on(ServiceAccountAdopted event, EventMessage<?> message) {
        update(event.accountId().value(), message, "status = 'sponsored', grace_ends_at = NULL");
    }

    @ResetHandler
    public void reset() {
        jdbc.execute("TRUNCATE service_accounts");
    }

    private void update(String accountId, EventMessage<?> message, String set, Object... values) {
        Long sequence = sequence(message);
        Object[] arguments = new Object[values.length + 4];
        System.arraycopy(values, 0, arguments, 0, values.length);
        arguments[values.length] = sequence;
        arguments[values.length + 1] = accountId;
        arguments[values.length + 2] = sequence;
        arguments[values.length + 3] = sequence;
        jdbc.update("UPDATE service_accounts SET " + set + ", last_sequence = COALESCE(?, last_sequence), updated_at = now() "
                + "WHERE account_id = ?" + NEWER, arguments);
    }

    private static Long sequence(EventMessage<?> message) {
        return message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
    }
}
